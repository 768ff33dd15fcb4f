import { oauthClientsCalls, type OAuthClientsCalls } from './clients.js';
import { oauthGrantsCalls, type OAuthGrantsCalls } from './grants.js';
import { oauthCalls, type OAuthCalls } from './oauth.js';
import { normalizeOptions, type TelnyxClientOptions } from './options.js';
import { wellKnownCalls, type WellKnownCalls } from './well-known.js';

/** A typed client for the Telnyx OAuth API, one call per endpoint, grouped as the Telnyx docs group them. */
export interface TelnyxClient {
  readonly wellKnown: WellKnownCalls;
  readonly oauth: OAuthCalls;
  readonly oauthClients: OAuthClientsCalls;
  readonly oauthGrants: OAuthGrantsCalls;
  /** The base URL every call goes to, normalised (no trailing slash). */
  readonly baseUrl: string;
}

/**
 * Creates a client for the Telnyx OAuth endpoints.
 *
 * Errors are `TelnyxApiError` subclasses (`AuthenticationError`, `NotFoundError`, `RateLimitError`...),
 * `MissingParameterError` before sending, or `ApiConnectionError` when nothing answered. 429 is retried
 * after `Retry-After`, else with exponential backoff and full jitter.
 *
 * @param options.fetch The fetch to use; `login.fetch` adds the bearer token. @default globalThis.fetch
 * @param options.baseUrl @default 'https://api.telnyx.com/v2'
 * @param options.retry 429 policy, or `false`. @default { retries: 3, baseDelay: 500, maxDelay: 30_000 }
 * @param options.getAccessToken Token source for a plain fetch; adds `Authorization: Bearer`.
 * @throws {TypeError} naming the option, when one is invalid.
 * @see https://developers.telnyx.com/api-reference (OAuth, OAuth clients, OAuth grants)
 * @example
 * import { createTelnyxClient } from 'telnyx-login/telnyx'
 * const telnyx = createTelnyxClient({ fetch: login.fetch })
 * for await (const grant of telnyx.oauthGrants.list()) console.log(grant.client_id)
 */
export function createTelnyxClient(options?: TelnyxClientOptions): TelnyxClient {
  const ctx = normalizeOptions(options);
  return Object.freeze({
    wellKnown: wellKnownCalls(ctx),
    oauth: oauthCalls(ctx),
    oauthClients: oauthClientsCalls(ctx),
    oauthGrants: oauthGrantsCalls(ctx),
    baseUrl: ctx.baseUrl,
  });
}
