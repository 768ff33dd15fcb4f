import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import { oauthClient, tokenRequestOptions, toLoginError } from './http.js';
import { sleep, withTabLock } from './lock.js';
import type { BoundOptions } from './options.js';
import type { Store } from './storage.js';
import { isFresh, readTokens, toStoredTokens, TOKENS_KEY, type StoredTokens } from './tokens.js';

// A Retry-After longer than this is not waited for inside a getAccessToken() call.
const MAX_WAIT_MS = 10_000;

function retryAfterMs(err: LoginError): number | undefined {
  const cause = err.cause as { response?: unknown; cause?: unknown } | undefined;
  const response = [cause?.response, cause?.cause].find((value): value is Response => value instanceof Response);
  const header = response?.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const TRANSIENT = new Set(['network', 'timeout', 'server_error']);

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
 * with a bounded, doubling backoff; `invalid_grant` deletes the tokens it was given.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @throws {LoginError} `login_required`, `invalid_grant`, `network`, `timeout`, `server_error`, `invalid_response`.
 */
export function refreshSession(request: RefreshRequest): Promise<StoredTokens> {
  const { options, store } = request;
  const lockName = `telnyx-login:refresh:${options.issuer.href}:${options.clientId}`;
  return withTabLock(lockName, store, async () => {
    const current = await readTokens(store);
    if (!current) throw new LoginError('login_required', 'There is no session to refresh');
    const now = Date.now();
    if (current.accessToken !== request.stale && isFresh(current, 0, now)) return current;
    if (!request.force && isFresh(current, options.refreshLeeway, now)) return current;
    if (!current.refreshToken) throw new LoginError('login_required', 'The access token expired and there is no refresh token');
    return refreshWithRetries(request, current);
  });
}

async function refreshWithRetries({ as, options, store }: RefreshRequest, current: StoredTokens): Promise<StoredTokens> {
  const client = oauthClient(options.clientId);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), current.refreshToken!, tokenRequestOptions(options));
      const result = await oauth.processRefreshTokenResponse(as, client, response);
      const next = toStoredTokens(result, current, Date.now());
      await store.set(TOKENS_KEY, next);
      return next;
    } catch (cause) {
      const err = toLoginError(cause, 'Refresh');
      if (err.code === 'invalid_grant') {
        // The refresh token is dead: drop exactly the session that holds it, nothing newer.
        await store.update<StoredTokens>(TOKENS_KEY, (stored) => (stored?.refreshToken === current.refreshToken ? undefined : stored));
        throw err;
      }
      if (!TRANSIENT.has(err.code) || attempt >= options.refreshRetries) throw err;
      const delay = Math.max(options.retryDelay * 2 ** attempt, retryAfterMs(err) ?? 0);
      if (delay > MAX_WAIT_MS) throw err;
      await sleep(delay);
    }
  }
}
