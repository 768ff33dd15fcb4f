import * as oauth from 'oauth4webapi';
import type { Store } from './storage.js';
import type { UserClaims } from './types.js';

/** What is kept in storage for a session. Times are local-clock milliseconds. */
export interface StoredTokens {
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

/** The session-store key of the {@link StoredTokens}. */
export const TOKENS_KEY = 'tokens';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The stored session, or undefined when there is none or the record is not one this version writes
 * (another version, edited storage): used as is, it would send `Bearer undefined` as a signed-in session.
 */
export async function readTokens(store: Store): Promise<StoredTokens | undefined> {
  const stored = await store.get<Partial<Record<keyof StoredTokens, unknown>>>(TOKENS_KEY);
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { accessToken, refreshToken, expiresAt, receivedAt } = stored;
  if (typeof accessToken !== 'string' || accessToken === '' || !isNumber(receivedAt)) return undefined;
  if ((refreshToken !== undefined && typeof refreshToken !== 'string') || (expiresAt !== undefined && !isNumber(expiresAt))) return undefined;
  return stored as StoredTokens;
}

// A year: longer lifetimes are treated as a year, so arithmetic never leaves the safe range.
const MAX_LIFETIME = 31_536_000;

/**
 * The session after a token response. Expiry is computed from `expires_in` against our own clock, so a
 * server clock that is minutes off does not matter. A refresh response that omits the refresh token or
 * ID token keeps the previous ones (RFC 6749 section 6).
 */
export function toStoredTokens(response: oauth.TokenEndpointResponse, previous: StoredTokens | undefined, now: number): StoredTokens {
  const claims = oauth.getValidatedIdTokenClaims(response) as UserClaims | undefined;
  const lifetime = response.expires_in;
  return {
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
 * True when the access token can still be used for `leeway` seconds. The leeway never exceeds half the
 * token's lifetime, so short-lived tokens are not refreshed on every call.
 */
export function isFresh(tokens: StoredTokens, leeway: number, now: number): boolean {
  if (tokens.expiresAt === undefined) return true;
  const lifetime = tokens.expiresAt - tokens.receivedAt;
  return tokens.expiresAt - Math.min(leeway * 1000, lifetime / 2) > now;
}
