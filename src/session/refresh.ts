import type * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import type { BoundOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { withTabLock } from '../browser/lock.js';
import { MAX_WAIT_MS, renewTokens } from '../protocol/refresh.js';
import { revokeToken } from '../protocol/revoke.js';
import { refreshLock } from './schema.js';
import { isFresh, readTokens, replaceTokens, toStoredTokens, type StoredTokens } from './tokens.js';

/**
 * The longest one refresh can take with these options: every attempt timing out, every backoff at its
 * longest, and the revocation of a result that came too late. The cross-tab lease is held this long at most.
 */
const maxRefreshMs = (options: BoundOptions) => (options.refreshRetries + 2) * options.timeout + options.refreshRetries * MAX_WAIT_MS + 5_000;

/** What {@link refreshSession} needs. */
export interface RefreshRequest {
  as: oauth.AuthorizationServer;
  options: BoundOptions;
  store: Store;
  /** The access token the caller holds; when storage has another, usable one, another tab refreshed already. */
  stale: string | undefined;
  /** Refresh even if the stored token still looks fresh (the API answered 401). */
  force: boolean;
}

/**
 * Refreshes the session under a lock shared by every tab, re-reading storage once the lock is held, so a
 * rotating refresh token is used exactly once. Network failures and 5xx keep the tokens and are retried
 * with a bounded, doubling backoff. The result is written back only if storage still holds the session
 * it came from (compare-and-set): a session that was signed out or replaced meanwhile is never revived or
 * overwritten, and the refresh token just issued for it is revoked. `invalid_grant` ends the session only
 * if storage still holds the refresh token that was refused; otherwise another tab refreshed first, and
 * its session is returned.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @throws {LoginError} `login_required`, `invalid_grant`, `network`, `timeout`, `server_error`, `invalid_response`.
 */
export function refreshSession(request: RefreshRequest): Promise<StoredTokens> {
  const { options, store } = request;
  return withTabLock(refreshLock(options.issuer.href, options.clientId), store, maxRefreshMs(options), options.env, async () => {
    const current = await readTokens(store);
    if (!current) throw new LoginError('login_required', 'There is no session to refresh');
    const now = options.env.now();
    if (current.accessToken !== request.stale && isFresh(current, 0, now)) return current;
    if (!request.force && isFresh(current, options.refreshLeeway, now)) return current;
    if (!current.refreshToken) {
      await replaceTokens(store, current, undefined); // expired, and nothing can renew it: the session is over
      throw new LoginError('login_required', 'The access token expired and there is no refresh token');
    }
    return renewAndStore(request, current);
  });
}

async function renewAndStore(request: RefreshRequest, current: StoredTokens): Promise<StoredTokens> {
  let next: StoredTokens;
  try {
    next = toStoredTokens(await renewTokens(request.as, request.options, current), current, request.options.env.now());
  } catch (err) {
    // A dead refresh token ends exactly the session that holds it. A newer one (another tab refreshed or
    // signed in first) is the session now, not an end.
    const held = (err as LoginError).code === 'invalid_grant' ? await replaceTokens(request.store, current, undefined) : undefined;
    if (held) return held;
    throw err;
  }
  const held = await replaceTokens(request.store, current, next);
  return held === next ? next : discard(request, next, held);
}

/**
 * A refresh whose session changed while it ran. Another refresh of the same session (its lock lapsed)
 * left a session as good as ours: take it. A sign-out or another sign-in did not: the grant we just
 * renewed belongs to nobody now, so its refresh token is revoked (which, per RFC 7009, ends the grant).
 */
async function discard({ as, options }: RefreshRequest, next: StoredTokens, held: StoredTokens | undefined): Promise<StoredTokens> {
  if (held?.sid === next.sid) return held;
  try {
    await revokeToken(as, options, next.refreshToken ?? next.accessToken, next.refreshToken ? 'refresh_token' : 'access_token');
  } catch {
    // Best effort, as at sign-out: the tokens are dropped from this browser either way.
  }
  if (held) return held;
  throw new LoginError('login_required', 'The session ended while it was being refreshed');
}
