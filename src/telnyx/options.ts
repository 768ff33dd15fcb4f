import { argumentError, booleanOption, nonNegative } from '../shared/arguments.js';
import { isRecord } from '../shared/records.js';
import { isLoopback, parseUrl } from '../shared/urls.js';

/** How 429 answers are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  retries?: number | undefined;
  /** First backoff ceiling in ms when the server sends no `Retry-After`; doubles per retry. @default 500 */
  baseDelay?: number | undefined;
  /** Longest wait in ms. A `Retry-After` longer than this is not waited for. @default 30_000 */
  maxDelay?: number | undefined;
}

/** Options of {@link createTelnyxClient}. */
export interface TelnyxClientOptions {
  /**
   * The fetch to call. Pass `login.fetch` from `telnyx-login` and it adds the bearer token itself.
   * @default globalThis.fetch
   */
  fetch?: ((input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) | undefined;
  /**
   * Where the API lives, e.g. the demo server's `http://localhost:4000/v2`.
   * @default 'https://api.telnyx.com/v2'
   */
  baseUrl?: string | URL | undefined;
  /** Retry policy for 429, or `false` to surface the first 429. @default { retries: 3, baseDelay: 500, maxDelay: 30_000 } */
  retry?: RetryOptions | false | undefined;
  /**
   * A token source for a plain `fetch`: its token goes in `Authorization: Bearer` on calls that need the
   * user. Leave it out with `login.fetch`, which adds the token already (to its `apiOrigins` only).
   * With it, `baseUrl` must be https:, or http: to a loopback host with `allowInsecureLoopback`.
   */
  getAccessToken?: (() => string | Promise<string>) | undefined;
  /**
   * Let `getAccessToken`'s token go over plain http: to a loopback `baseUrl` (localhost, 127.0.0.1,
   * [::1]), e.g. the demo server. Plain http: to any other host is refused whatever this says. @default false
   */
  allowInsecureLoopback?: boolean | undefined;
}

/** Options after validation and defaults; what every call receives. @internal */
export interface Context {
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Absolute, without a trailing slash. */
  readonly baseUrl: string;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly getAccessToken: (() => string | Promise<string>) | undefined;
}

/** Where the Telnyx API lives; the default `baseUrl`. */
export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

/** Validates every option by name and applies the defaults, once. @internal */
export function normalizeOptions(options: TelnyxClientOptions = {}): Context {
  if (!isRecord(options)) throw argumentError('"options" must be an object', 'ERR_INVALID_ARG_TYPE');
  const { fetch: fetchOption, retry, getAccessToken } = options;
  const allowInsecure = booleanOption(options.allowInsecureLoopback, 'allowInsecureLoopback', false);

  if (fetchOption !== undefined && typeof fetchOption !== 'function') throw argumentError('"fetch" must be a function', 'ERR_INVALID_ARG_TYPE');
  if (getAccessToken !== undefined && typeof getAccessToken !== 'function') throw argumentError('"getAccessToken" must be a function', 'ERR_INVALID_ARG_TYPE');

  const url = parseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw argumentError('"baseUrl" must be an absolute http(s) URL');
  if (url.search !== '' || url.hash !== '') throw argumentError('"baseUrl" must not have a query or fragment');
  // Calls carry tokens, codes and secrets (in the header, the path or the body): plain http: only to this machine.
  if (url.protocol === 'http:' && !isLoopback(url)) throw argumentError('"baseUrl" must use https: (plain http: only for a loopback host)');
  if (url.protocol === 'http:' && getAccessToken !== undefined && !allowInsecure) {
    throw argumentError('"baseUrl" uses plain http:, where "getAccessToken" sends the token only with "allowInsecureLoopback: true"');
  }

  if (retry !== undefined && retry !== false && !isRecord(retry)) throw argumentError('"retry" must be an object or false', 'ERR_INVALID_ARG_TYPE');
  const policy: RetryOptions = retry === false ? { retries: 0 } : (retry ?? {});
  const retries = policy.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) throw argumentError('"retry.retries" must be a non-negative integer');

  return Object.freeze({
    // Looked up per call, not captured: a page may install or wrap fetch after this module loads.
    fetch: fetchOption ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    baseUrl: url.href.replace(/\/+$/, ''),
    retry: Object.freeze({
      retries,
      baseDelay: nonNegative(policy.baseDelay, 'retry.baseDelay', 500, 'number of milliseconds'),
      maxDelay: nonNegative(policy.maxDelay, 'retry.maxDelay', 30_000, 'number of milliseconds'),
    }),
    getAccessToken,
  });
}
