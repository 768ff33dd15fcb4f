import type { Store } from '../contract/store.js';
import { PENDING, read, update } from './schema.js';

/** What a sign-in leaves in storage for its callback, under its `state` ({@link PENDING}). */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  nonce?: string | undefined;
  /** The issuer and client the authorization request went to: only their callback may complete it (RFC 9207 mix-up). */
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** The scope the authorization request asked for, if any: a refusal of none says to pass one. */
  scope?: string | undefined;
  /** Absolute URL on the redirect URI's origin to land on afterwards. */
  returnTo: string;
  createdAt: number;
}

/**
 * How long a sign-in may take on the authorization server (consent, a new account, MFA) before its callback
 * is refused and its verifier dropped: an abandoned sign-in is not kept forever.
 */
export const PENDING_TTL_MS = 30 * 60_000;

type Pendings = Record<string, PendingSignIn>;

const live = (entry: PendingSignIn | undefined, now: number): boolean => entry !== undefined && Math.abs(now - entry.createdAt) < PENDING_TTL_MS;

/** The live entries of `all` but `state`'s, or undefined when none is left (so no empty record lingers). */
function others(all: Pendings | undefined, state: string | undefined, now: number): Pendings | undefined {
  const kept = Object.entries(all ?? {}).filter(([key, entry]) => key !== state && live(entry, now));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** Saves a sign-in under its `state`, beside any other tab's, dropping the expired ones. */
export async function savePending(store: Store, pending: PendingSignIn): Promise<void> {
  await update(store, PENDING, (all) => ({ ...others(all, pending.state, pending.createdAt), [pending.state]: pending }));
}

/** What a callback found: its own sign-in, or why there is none. */
export interface TakenSignIn {
  /** The entry stored under the callback's `state`, if it was there and live. */
  pending: PendingSignIn | undefined;
  /** An entry was there under that `state`, but had expired. */
  expired: boolean;
  /** Other sign-ins (other tabs', other states) are still under way. */
  others: boolean;
}

/**
 * Takes the sign-in that `state` names, in one transaction with the cleanup of expired ones. Every other
 * sign-in stays: a forged or stray callback consumes nothing of anyone else's.
 */
export async function takePending(store: Store, state: string | undefined, now: number): Promise<TakenSignIn> {
  const taken: TakenSignIn = { pending: undefined, expired: false, others: false };
  await update(store, PENDING, (all) => {
    const own = state !== undefined && all && Object.hasOwn(all, state) ? all[state] : undefined;
    const rest = others(all, state, now);
    Object.assign(taken, { pending: live(own, now) ? own : undefined, expired: own !== undefined && !live(own, now), others: rest !== undefined });
    return rest;
  });
  return taken;
}

/** Drops the sign-in under `state` (a sign-in that failed before its callback), and nothing else. */
export async function dropPending(store: Store, state: string, now: number): Promise<void> {
  await update(store, PENDING, (all) => others(all, state, now));
}

/** True when a sign-in is stored, live or expired: a redirect that has not come back (yet, or ever). */
export async function hasPending(store: Store): Promise<boolean> {
  const all = await read(store, PENDING);
  return all !== undefined && Object.keys(all).length > 0;
}
