import type { LoginEventMap } from './types.js';

/** Options of {@link createLogin}. */
export interface LoginOptions {
  /** The authorization server's issuer identifier, e.g. `https://api.telnyx.com/v2`. */
  issuer: string | URL;
  /** The client_id of this (public) client. */
  clientId: string;
  /** Exactly the redirect URI registered for the client; the callback is handled on this page. */
  redirectUri: string | URL;
  /** Space-separated scope. `openid` adds a nonce and gives `state.user`. @default undefined (server default) */
  scope?: string | undefined;
  /** Origins that receive the bearer token from `login.fetch`. Exact match only. @default [] */
  apiOrigins?: readonly string[] | undefined;
  /** RFC 8707 resource indicator sent on the authorization and token requests. @default undefined */
  resource?: string | URL | undefined;
  /** Refresh this many seconds before the access token expires. @default 60 */
  refreshLeeway?: number | undefined;
  /** How long discovered metadata is reused, in seconds. @default 86400 (24 h) */
  metadataTtl?: number | undefined;
  /** Retries of a refresh that failed on the network or with a 5xx. @default 2 */
  refreshRetries?: number | undefined;
  /** First backoff delay in ms; doubles on each retry. @default 500 */
  retryDelay?: number | undefined;
  /** Abort a request to the authorization server after this many ms. @default 30000 */
  timeout?: number | undefined;
  /**
   * Allow plain `http:` for a loopback issuer (localhost, 127.0.0.1, [::1]) during development.
   * Refused for any other host. @default false
   */
  allowInsecureLoopback?: boolean | undefined;
  /** The fetch used for every request. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Where tokens live. `memory` keeps nothing across reloads. @default 'indexeddb' */
  storage?: 'indexeddb' | 'memory' | undefined;
  /** How the page leaves for the authorization server. @default (url) => location.assign(url) */
  navigate?: ((url: string) => void) | undefined;
}

export interface NormalizedOptions {
  readonly issuer: URL;
  readonly clientId: string;
  readonly redirectUri: URL;
  readonly scope: string | undefined;
  readonly openid: boolean;
  readonly apiOrigins: ReadonlySet<string>;
  readonly resource: string | undefined;
  readonly refreshLeeway: number;
  readonly metadataTtl: number;
  readonly refreshRetries: number;
  readonly retryDelay: number;
  readonly timeout: number;
  readonly allowInsecure: boolean;
  readonly fetch: typeof fetch;
  readonly storage: 'indexeddb' | 'memory';
  readonly navigate: (url: string) => void;
}

export type Emit = <K extends keyof LoginEventMap>(type: K, event: LoginEventMap[K]) => void;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for hosts that never leave this machine. */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

function absoluteUrl(value: unknown, name: string): URL {
  if (value instanceof URL) return new URL(value.href);
  if (typeof value === 'string' && URL.canParse(value)) return new URL(value);
  throw new TypeError(`"${name}" must be an absolute URL`);
}

function nonNegative(value: number | undefined, name: string, fallback: number): number {
  const result = value ?? fallback;
  if (typeof result !== 'number' || !Number.isFinite(result) || result < 0) {
    throw new TypeError(`"${name}" must be a non-negative finite number`);
  }
  return result;
}

/** Validates every option by name and applies the defaults, once. */
export function normalizeOptions(options: LoginOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('"options" must be an object');
  const issuer = absoluteUrl(options.issuer, 'issuer');
  const allowInsecure = options.allowInsecureLoopback ?? false;
  if (issuer.protocol !== 'https:') {
    if (issuer.protocol !== 'http:' || !allowInsecure || !isLoopback(issuer)) {
      throw new TypeError(
        '"issuer" must use https: (plain http: is allowed only for a loopback host with "allowInsecureLoopback")',
      );
    }
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new TypeError('"clientId" must be a non-empty string');
  }
  const redirectUri = absoluteUrl(options.redirectUri, 'redirectUri');
  if (redirectUri.hash) throw new TypeError('"redirectUri" must not have a fragment');
  if (options.scope !== undefined && typeof options.scope !== 'string') throw new TypeError('"scope" must be a string');
  const apiOrigins = new Set<string>();
  for (const origin of options.apiOrigins ?? []) {
    const url = absoluteUrl(origin, 'apiOrigins');
    // An origin with a path is almost always a misunderstanding ("api.telnyx.com/v2"): refuse it loudly.
    if (url.pathname !== '/' || url.search || url.hash) throw new TypeError(`"apiOrigins" entries must be origins, got ${String(origin)}`);
    apiOrigins.add(url.origin);
  }
  const storage = options.storage ?? 'indexeddb';
  if (storage !== 'indexeddb' && storage !== 'memory') throw new TypeError('"storage" must be "indexeddb" or "memory"');
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new TypeError('"fetch" must be a function');
  const navigate = options.navigate ?? ((url: string) => window.location.assign(url));
  if (typeof navigate !== 'function') throw new TypeError('"navigate" must be a function');
  return Object.freeze({
    issuer,
    clientId: options.clientId,
    redirectUri,
    scope: options.scope,
    openid: options.scope?.split(' ').includes('openid') ?? false,
    apiOrigins,
    resource: options.resource === undefined ? undefined : absoluteUrl(options.resource, 'resource').href,
    refreshLeeway: nonNegative(options.refreshLeeway, 'refreshLeeway', 60),
    metadataTtl: nonNegative(options.metadataTtl, 'metadataTtl', 86_400),
    refreshRetries: Math.floor(nonNegative(options.refreshRetries, 'refreshRetries', 2)),
    retryDelay: nonNegative(options.retryDelay, 'retryDelay', 500),
    timeout: nonNegative(options.timeout, 'timeout', 30_000),
    allowInsecure,
    fetch: fetchImpl,
    storage,
    navigate,
  });
}
