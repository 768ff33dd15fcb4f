import * as oauth from 'oauth4webapi';
import type { LoginError } from '../contract/errors.js';
import type { BoundOptions } from '../contract/normalize.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { sleep } from '../shared/sleep.js';
import type { StoredTokens } from '../session/tokens.js';
import { oauthClient, tokenRequestOptions, toLoginError } from './http.js';

// A Retry-After longer than this is not waited for inside a getAccessToken() call.
export const MAX_WAIT_MS = 10_000;

function retryAfterMs(err: LoginError, now: number): number | undefined {
  const cause = err.cause as { response?: unknown; cause?: unknown } | undefined;
  const response = [cause?.response, cause?.cause].find((value): value is Response => value instanceof Response);
  const seconds = parseRetryAfter(response?.headers.get('retry-after'), now);
  return seconds === undefined ? undefined : seconds * 1000;
}

const TRANSIENT = new Set(['network', 'timeout', 'server_error']);

/**
 * The token response to `current`'s refresh token, validated. Network failures, timeouts
 * and 5xx are retried with a doubling backoff (a server's Retry-After longer than {@link MAX_WAIT_MS} is not
 * waited for).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @throws {LoginError} `invalid_grant`, `invalid_client`, `network`, `timeout`, `server_error`, `invalid_response`.
 */
export async function renewTokens(as: oauth.AuthorizationServer, options: BoundOptions, current: StoredTokens): Promise<oauth.TokenEndpointResponse> {
  const client = oauthClient(options);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), current.refreshToken!, tokenRequestOptions(options));
      return await oauth.processRefreshTokenResponse(as, client, response);
    } catch (cause) {
      const err = toLoginError(cause, 'Refresh');
      if (!TRANSIENT.has(err.code) || attempt >= options.refreshRetries) throw err;
      const delay = Math.max(options.retryDelay * 2 ** attempt, retryAfterMs(err, options.env.now()) ?? 0);
      if (delay > MAX_WAIT_MS) throw err;
      await sleep(delay);
    }
  }
}
