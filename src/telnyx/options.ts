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

// The core's loopback rule (src/urls.ts), restated: this module imports nothing from the core, so that
// it stands alone (test/telnyx/boundaries.test.ts).
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(message: string, code: 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE' = 'ERR_INVALID_ARG_VALUE'): never {
  throw Object.assign(new TypeError(message), { code });
}

function delay(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`"${name}" must be a non-negative number of milliseconds`);
  return value;
}

/** Validates every option by name and applies the defaults, once. @internal */
export function normalizeOptions(options: TelnyxClientOptions = {}): Context {
  if (typeof options !== 'object' || options === null) fail('"options" must be an object', 'ERR_INVALID_ARG_TYPE');
  const { fetch: fetchOption, retry, getAccessToken } = options;
  const allowInsecure = options.allowInsecureLoopback ?? false;
  if (typeof allowInsecure !== 'boolean') fail('"allowInsecureLoopback" must be a boolean', 'ERR_INVALID_ARG_TYPE');
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;

  if (fetchOption !== undefined && typeof fetchOption !== 'function') fail('"fetch" must be a function', 'ERR_INVALID_ARG_TYPE');
  if (getAccessToken !== undefined && typeof getAccessToken !== 'function') fail('"getAccessToken" must be a function', 'ERR_INVALID_ARG_TYPE');

  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    // reported below, with the option's name
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) fail('"baseUrl" must be an absolute http(s) URL');
  if (url.search !== '' || url.hash !== '') fail('"baseUrl" must not have a query or fragment');
  // Calls carry tokens, codes and secrets (in the header, the path or the body): plain http: only to this machine.
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) fail('"baseUrl" must use https: (plain http: only for a loopback host)');
  if (url.protocol === 'http:' && getAccessToken !== undefined && !allowInsecure) {
    fail('"baseUrl" uses plain http:, where "getAccessToken" sends the token only with "allowInsecureLoopback: true"');
  }

  if (retry !== undefined && retry !== false && (typeof retry !== 'object' || retry === null)) {
    fail('"retry" must be an object or false', 'ERR_INVALID_ARG_TYPE');
  }
  const retries = retry === false ? 0 : (retry?.retries ?? 3);
  if (!Number.isInteger(retries) || retries < 0) fail('"retry.retries" must be a non-negative integer');

  return Object.freeze({
    // Looked up per call, not captured: a page may install or wrap fetch after this module loads.
    fetch: fetchOption ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    baseUrl: url.href.replace(/\/+$/, ''),
    retry: Object.freeze({
      retries,
      baseDelay: delay(retry === false ? undefined : retry?.baseDelay, 'retry.baseDelay', 500),
      maxDelay: delay(retry === false ? undefined : retry?.maxDelay, 'retry.maxDelay', 30_000),
    }),
    getAccessToken,
  });
}
