import * as oauth from 'oauth4webapi';
import type { Store } from '../contract/store.js';
import type { UserClaims } from '../contract/types.js';
import { read, TOKENS, update } from './schema.js';

/** What is kept in storage for a session ({@link TOKENS}). Times are local-clock milliseconds. */
export interface StoredTokens {
  /**
   * Which sign-in this is: random, set when the code is exchanged and kept across refreshes. A write that
   * races another tab compares it, so a refresh never revives a session that ended or replaces a newer one.
   */
  sid: string;
  accessToken: string;
  refreshToken?: string | undefined;
  idToken?: string | undefined;
  /** When the access token expires; undefined when the server gave no `expires_in`. */
  expiresAt?: number | undefined;
  /** When the tokens were received. */
  receivedAt: number;
  scope?: string | undefined;
  claims?: UserClaims | undefined;
}

/** The stored session, or undefined when there is none (or none this version can use). */
export function readTokens(store: Store): Promise<StoredTokens | undefined> {
  return read(store, TOKENS);
}

/** The same sign-in, at the same refresh token: nobody refreshed, signed out or signed in since `held` was read. */
const unchanged = (stored: StoredTokens | undefined, held: StoredTokens) =>
  stored?.sid === held.sid && stored.refreshToken === held.refreshToken;

/**
 * Compare-and-set: replaces the session with `next` (undefined deletes it) only if storage still holds
 * `held`, in one transaction. Resolves with what storage holds afterwards, so a caller whose write was
 * refused sees what replaced its session, or that it ended.
 */
export function replaceTokens(store: Store, held: StoredTokens, next: StoredTokens | undefined): Promise<StoredTokens | undefined> {
  return update(store, TOKENS, (stored) => (unchanged(stored, held) ? next : stored));
}

/**
 * Stores a completed sign-in, which replaces any other session; a second completion of the same sign-in
 * (two controllers on one callback) keeps what the first stored, refreshed since or not.
 */
export async function storeSignIn(store: Store, tokens: StoredTokens): Promise<void> {
  await update(store, TOKENS, (stored) => (stored?.sid === tokens.sid ? stored : tokens));
}

/** Removes the session in one transaction and returns it, so exactly one caller (sign-out or a refresh) gets to revoke it. */
export async function takeTokens(store: Store): Promise<StoredTokens | undefined> {
  let taken: StoredTokens | undefined;
  await update(store, TOKENS, (stored) => {
    taken = stored;
    return undefined;
  });
  return taken;
}

// A year: longer lifetimes are treated as a year, so arithmetic never leaves the safe range.
const MAX_LIFETIME = 31_536_000;

/**
 * The session after a token response. Expiry is computed from `expires_in` against our own clock, so a
 * server clock that is minutes off does not matter. A refresh response that omits the refresh token or
 * ID token keeps the previous ones (RFC 6749 section 6); a refresh keeps the session id, a sign-in gets a new one.
 */
export function toStoredTokens(response: oauth.TokenEndpointResponse, previous: StoredTokens | undefined, now: number): StoredTokens {
  const claims = oauth.getValidatedIdTokenClaims(response) as UserClaims | undefined;
  const lifetime = response.expires_in;
  return {
    sid: previous?.sid ?? crypto.randomUUID(),
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken,
    expiresAt: lifetime === undefined ? undefined : now + Math.min(lifetime, MAX_LIFETIME) * 1000,
    receivedAt: now,
    scope: response.scope ?? previous?.scope,
    claims: claims ? { ...claims } : previous?.claims,
  };
}

/**
 * When the access token is due for a refresh: `leeway` seconds before it expires, but never more than half
 * its lifetime early, so short-lived tokens are not refreshed on every call. Undefined when it never expires.
 */
export function refreshDueAt(tokens: StoredTokens, leeway: number): number | undefined {
  if (tokens.expiresAt === undefined) return undefined;
  const lifetime = tokens.expiresAt - tokens.receivedAt;
  return tokens.expiresAt - Math.min(leeway * 1000, lifetime / 2);
}

/** True when the access token is not yet due for a refresh ({@link refreshDueAt}). */
export function isFresh(tokens: StoredTokens, leeway: number, now: number): boolean {
  const due = refreshDueAt(tokens, leeway);
  return due === undefined || due > now;
}
