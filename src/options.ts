import type { Scope } from './scopes.js';

/** RFC 7591 client metadata for dynamic registration; the SDK fills in the rest for a public SPA client. */
export interface ClientRegistration {
  client_name?: string | undefined;
  logo_uri?: string | undefined;
  policy_uri?: string | undefined;
  tos_uri?: string | undefined;
  scope?: string | undefined;
}

/**
 * Options of {@link createLogin}: `issuer` or `resource`, `clientId` or `registration`, and `redirectUri`
 * are needed; everything else has a default.
 */
export interface LoginOptions {
  /**
   * The authorization server's issuer identifier, e.g. `https://api.telnyx.com/v2`.
   * Leave it out to find the server from `resource` (RFC 9728).
   */
  issuer?: string | URL | undefined;
  /** The client_id of this (public) client. Leave it out to register one with `registration` (RFC 7591). */
  clientId?: string | undefined;
  /**
   * Register a public client dynamically (RFC 7591) on first sign-in and reuse it, cached per issuer.
   * @default undefined (use `clientId`)
   */
  registration?: ClientRegistration | undefined;
  /** Exactly the redirect URI registered for the client; the callback is handled on this page. */
  redirectUri: string | URL;
  /**
   * The scopes to ask for: a space-separated string or a list (Telnyx's 32 scopes autocomplete, e.g.
   * `['numbers.read', 'messaging.write']`). `openid` adds a nonce and gives `state.user` on servers with
   * OpenID Connect (Telnyx has none). @default undefined (the server's default)
   */
  scope?: string | readonly Scope[] | undefined;
  /** Origins that receive the bearer token from `login.fetch`. Exact match only. @default [] */
  apiOrigins?: readonly string[] | undefined;
  /**
   * The API to get tokens for: sent as the RFC 8707 resource indicator on the authorization and token
   * requests, and, without `issuer`, the starting point of RFC 9728 discovery. @default undefined
   */
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

/** {@link LoginOptions} once validated, with every default applied; frozen. */
export interface NormalizedOptions {
  readonly issuer: URL | undefined;
  readonly clientId: string | undefined;
  readonly registration: Readonly<ClientRegistration> | undefined;
  readonly redirectUri: URL;
  readonly scope: string | undefined;
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

/** Options once the issuer and client are known (given, discovered or registered). */
export type BoundOptions = NormalizedOptions & { readonly issuer: URL; readonly clientId: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The RFC 8707 resource as written: `new URL()` adds a `/` to a bare origin (`https://api.telnyx.com/`),
 * while servers publish and compare resource identifiers as strings, without it.
 */
function resourceIndicator(value: string | URL, url: URL): string {
  return url.pathname === '/' && !String(value).endsWith('/') ? url.href.slice(0, -1) : url.href;
}

function scopeString(value: LoginOptions['scope']): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((scope) => typeof scope === 'string' && /^[^\s]+$/.test(scope))) return value.join(' ');
  throw new TypeError('"scope" must be a string or a list of scopes');
}

/** True for `https:`, or for plain `http:` to a loopback host (one that never leaves this machine) when allowed. */
export function usesAllowedScheme(url: URL, allowInsecureLoopback: boolean): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && allowInsecureLoopback && LOOPBACK.has(url.hostname));
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

/**
 * Validates every option by name and applies the defaults, once.
 * @throws {TypeError} naming the first option that is missing or malformed, e.g. `"redirectUri" must be an absolute URL`.
 */
export function normalizeOptions(options: LoginOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('"options" must be an object');
  const issuer = options.issuer === undefined ? undefined : absoluteUrl(options.issuer, 'issuer');
  const resource = options.resource === undefined ? undefined : absoluteUrl(options.resource, 'resource');
  if (!issuer && !resource) throw new TypeError('"issuer" or "resource" must be given');
  const allowInsecure = options.allowInsecureLoopback ?? false;
  for (const [name, url] of [['issuer', issuer], ['resource', resource]] as const) {
    if (url && !usesAllowedScheme(url, allowInsecure)) {
      throw new TypeError(`"${name}" must use https: (plain http: is allowed only for a loopback host with "allowInsecureLoopback")`);
    }
  }
  if (options.clientId !== undefined && (typeof options.clientId !== 'string' || options.clientId === '')) {
    throw new TypeError('"clientId" must be a non-empty string');
  }
  if (options.registration !== undefined && (typeof options.registration !== 'object' || options.registration === null)) {
    throw new TypeError('"registration" must be an object of RFC 7591 client metadata');
  }
  if (options.clientId === undefined && options.registration === undefined) {
    throw new TypeError('"clientId" must be a non-empty string (or give "registration" to register one)');
  }
  const redirectUri = absoluteUrl(options.redirectUri, 'redirectUri');
  if (redirectUri.hash) throw new TypeError('"redirectUri" must not have a fragment');
  const scope = scopeString(options.scope);
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
    registration: options.registration && Object.freeze({ ...options.registration }),
    redirectUri,
    scope,
    apiOrigins,
    resource: resource && resourceIndicator(options.resource!, resource),
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
