import { pageEnvironment, pageNavigate, type LoginEnvironment } from '../browser/environment.js';
import type { PopupSignIn } from '../browser/popup.js';
import type { DynamicRegistration } from '../protocol/registration.js';
import type { ResourceDiscovery } from '../protocol/resource.js';
import type { FeatureName, LoginFeature } from './features.js';
import type { Scope } from './scopes.js';
import { argumentError, booleanOption, nonNegative } from '../shared/arguments.js';
import { isRecord } from '../shared/records.js';
import { allowedUrl, parseUrl, usesAllowedScheme } from '../shared/urls.js';
import { STORE_METHODS, type Store } from './store.js';

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
   * The authorization server's issuer identifier, e.g. `https://api.telnyx.com` (Telnyx's is the root).
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
  /**
   * Origins that receive the bearer token from `login.fetch`. Exact match only; `https:`, or plain `http:`
   * to a loopback host with `allowInsecureLoopback`. @default []
   */
  apiOrigins?: readonly string[] | undefined;
  /**
   * The API to get tokens for: sent as the RFC 8707 resource indicator on the authorization and token
   * requests, and, without `issuer`, the starting point of RFC 9728 discovery. @default undefined
   */
  resource?: string | URL | undefined;
  /**
   * The authorization servers (issuer URLs) that `resource` may name. Without `issuer`, the API's RFC 9728
   * document decides where the user signs in and which server's endpoints the SDK calls: with this list,
   * a document naming any other server fails with `discovery_failed`. With `issuer`, it must be listed.
   * @default undefined (any https: server the resource names)
   */
  allowedIssuers?: readonly (string | URL)[] | undefined;
  /** Refresh this many seconds before the access token expires. @default 60 */
  refreshLeeway?: number | undefined;
  /**
   * Refresh on a timer when the token is due (`refreshLeeway` before expiry), while the page is visible, so
   * `state.expiresAt` moves as refreshes happen. Off, a token is refreshed when it is next used
   * (`getAccessToken`, `fetch`). Either way a refresh happens once across tabs. @default false
   */
  autoRefresh?: boolean | undefined;
  /** How long discovered metadata is reused, in seconds. @default 86400 (24 h) */
  metadataTtl?: number | undefined;
  /** Retries of a refresh that failed on the network or with a 5xx. @default 2 */
  refreshRetries?: number | undefined;
  /** First backoff delay in ms; doubles on each retry. @default 500 */
  retryDelay?: number | undefined;
  /** Abort a request to the authorization server after this many ms. @default 30000 */
  timeout?: number | undefined;
  /**
   * Allow plain `http:` to loopback hosts (localhost, 127.0.0.1, [::1]) during development: the issuer,
   * the endpoints its metadata names, `resource` and `apiOrigins`. Refused for any other host. @default false
   */
  allowInsecureLoopback?: boolean | undefined;
  /** The fetch used for every request. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /**
   * Where tokens, pending sign-ins and cached metadata live: `'indexeddb'`, one database per issuer and per
   * (issuer, client); `'memory'`, nothing kept across reloads (a redirect sign-in cannot come back); or a
   * {@link Store} of your own, which then holds everything under namespaced keys. @default 'indexeddb'
   */
  storage?: 'indexeddb' | 'memory' | Store | undefined;
  /** How the page leaves for the authorization server. @default (url) => location.assign(url) */
  navigate?: ((url: string) => void) | undefined;
  /**
   * Opt-in parts, imported from `telnyx-login` so that only what an app uses is in its bundle:
   * `popupSignIn` for `signIn({ popup: true })`, `resourceDiscovery` for `resource` without `issuer`,
   * `dynamicRegistration` for `registration` without `clientId`. @default []
   */
  features?: readonly LoginFeature[] | undefined;
  /**
   * The browser globals the SDK touches (clock, address bar, popup window, Web Locks, BroadcastChannel,
   * page visibility), each replaceable: for tests and hosts that are not a plain page. @default the page's own
   */
  environment?: Partial<LoginEnvironment> | undefined;
}

/** {@link LoginOptions} once validated, with every default applied; frozen. @internal */
export interface NormalizedOptions {
  readonly issuer: URL | undefined;
  readonly clientId: string | undefined;
  readonly registration: Readonly<ClientRegistration> | undefined;
  readonly redirectUri: URL;
  readonly scope: string | undefined;
  readonly apiOrigins: ReadonlySet<string>;
  readonly resource: string | undefined;
  /** Hrefs of the allowed issuers; undefined when any is. */
  readonly allowedIssuers: ReadonlySet<string> | undefined;
  readonly refreshLeeway: number;
  readonly autoRefresh: boolean;
  readonly metadataTtl: number;
  readonly refreshRetries: number;
  readonly retryDelay: number;
  readonly timeout: number;
  readonly allowInsecure: boolean;
  readonly fetch: typeof fetch;
  readonly storage: 'indexeddb' | 'memory' | Store;
  readonly navigate: (url: string) => void;
  readonly features: Features;
  readonly env: LoginEnvironment;
}

/** The opt-in parts given in `features`, by what they do. @internal */
export interface Features {
  readonly popup?: PopupSignIn | undefined;
  readonly resource?: ResourceDiscovery | undefined;
  readonly registration?: DynamicRegistration | undefined;
}

/** Options once the issuer and client are known (given, discovered or registered). @internal */
export type BoundOptions = NormalizedOptions & { readonly issuer: URL; readonly clientId: string };

const INSECURE = '(plain http: is allowed only for a loopback host with "allowInsecureLoopback")';

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
  throw argumentError('"scope" must be a string or a list of scopes', Array.isArray(value) ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
}

function absoluteUrl(value: unknown, name: string): URL {
  const url = parseUrl(value);
  if (url) return url;
  throw argumentError(`"${name}" must be an absolute URL`, typeof value === 'string' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
}

/** An absolute URL that uses https:, or http: to a loopback host when allowed. */
function secureUrl(value: unknown, name: string, allowInsecure: boolean): URL {
  const url = absoluteUrl(value, name);
  if (!usesAllowedScheme(url, allowInsecure)) throw argumentError(`"${name}" must use https: ${INSECURE}, got ${url.origin}`);
  return url;
}

function list(value: unknown, name: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw argumentError(`"${name}" must be an array`, 'ERR_INVALID_ARG_TYPE');
  return value;
}

function storageOption(value: LoginOptions['storage']): NormalizedOptions['storage'] {
  const storage = value ?? 'indexeddb';
  if (storage === 'indexeddb' || storage === 'memory' || (isRecord(storage) && STORE_METHODS.every((method) => typeof storage[method] === 'function'))) {
    return storage;
  }
  throw argumentError('"storage" must be "indexeddb" or "memory", or a Store', typeof storage === 'string' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
}

/**
 * `value` as an issuer this controller may use, or undefined: an https: URL (http: to loopback when
 * allowed), listed in `allowedIssuers` when that is set, and the configured `issuer` when there is one.
 * For an issuer named by a resource's metadata, or read back from storage.
 * @internal
 */
export function trustedIssuer(value: unknown, options: NormalizedOptions): URL | undefined {
  const url = allowedUrl(value, options.allowInsecure);
  if (!url || (options.allowedIssuers && !options.allowedIssuers.has(url.href))) return undefined;
  return options.issuer === undefined || options.issuer.href === url.href ? url : undefined;
}

const FEATURE_KEYS: Record<FeatureName, keyof Features> = {
  'popup-sign-in': 'popup',
  'resource-discovery': 'resource',
  'dynamic-registration': 'registration',
};

function features(value: unknown): Features {
  const found: Record<string, LoginFeature> = {};
  for (const entry of list(value, 'features')) {
    const key = FEATURE_KEYS[(entry as Partial<LoginFeature> | null)?.feature as FeatureName];
    if (!key) throw argumentError('"features" entries must be popupSignIn, resourceDiscovery or dynamicRegistration from telnyx-login', 'ERR_INVALID_ARG_TYPE');
    found[key] = entry as LoginFeature;
  }
  return Object.freeze(found as Features);
}

/** The TypeError for an option that needs a feature that was not passed. @internal */
export function missingFeature(option: string, feature: string): TypeError {
  return argumentError(`${option} needs the ${feature} feature: createLogin({ ..., features: [${feature}] }), ${feature} imported from telnyx-login`);
}

/**
 * Validates every option by name and applies the defaults, once.
 * @throws {TypeError} naming the first option that is missing or malformed, e.g. `"redirectUri" must be an
 *   absolute URL`, with `code` `ERR_INVALID_ARG_TYPE` (wrong kind) or `ERR_INVALID_ARG_VALUE` (wrong value).
 * @internal
 */
export function normalizeOptions(options: LoginOptions): NormalizedOptions {
  if (!isRecord(options)) throw argumentError('"options" must be an object', 'ERR_INVALID_ARG_TYPE');
  const allowInsecure = booleanOption(options.allowInsecureLoopback, 'allowInsecureLoopback', false);
  const issuer = options.issuer === undefined ? undefined : secureUrl(options.issuer, 'issuer', allowInsecure);
  const resource = options.resource === undefined ? undefined : secureUrl(options.resource, 'resource', allowInsecure);
  if (!issuer && !resource) throw argumentError('"issuer" or "resource" must be given', 'ERR_INVALID_ARG_TYPE');
  const enabled = features(options.features);
  const allowedIssuers = options.allowedIssuers === undefined
    ? undefined
    : new Set(list(options.allowedIssuers, 'allowedIssuers').map((entry) => secureUrl(entry, 'allowedIssuers', allowInsecure).href));
  if (issuer && allowedIssuers && !allowedIssuers.has(issuer.href)) throw argumentError(`"issuer" must be one of "allowedIssuers"`);
  if (options.clientId !== undefined && (typeof options.clientId !== 'string' || options.clientId === '')) {
    throw argumentError('"clientId" must be a non-empty string', typeof options.clientId === 'string' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE');
  }
  if (options.registration !== undefined && !isRecord(options.registration)) {
    throw argumentError('"registration" must be an object of RFC 7591 client metadata', 'ERR_INVALID_ARG_TYPE');
  }
  if (options.clientId === undefined && options.registration === undefined) {
    throw argumentError('"clientId" must be a non-empty string (or give "registration" to register one)', 'ERR_INVALID_ARG_TYPE');
  }
  if (!issuer && !enabled.resource) throw missingFeature('"resource" without "issuer"', 'resourceDiscovery');
  if (options.clientId === undefined && !enabled.registration) throw missingFeature('"registration" without "clientId"', 'dynamicRegistration');
  const redirectUri = absoluteUrl(options.redirectUri, 'redirectUri');
  if (redirectUri.hash) throw argumentError('"redirectUri" must not have a fragment');
  const scope = scopeString(options.scope);
  const apiOrigins = new Set<string>();
  for (const origin of list(options.apiOrigins, 'apiOrigins')) {
    // The bearer token goes there: the same scheme rule as every other URL the SDK sends secrets to.
    const url = secureUrl(origin, 'apiOrigins', allowInsecure);
    // An origin with a path is almost always a misunderstanding ("api.telnyx.com/v2"): refuse it loudly.
    if (url.pathname !== '/' || url.search || url.hash) throw argumentError(`"apiOrigins" entries must be origins, got ${String(origin)}`);
    apiOrigins.add(url.origin);
  }
  const autoRefresh = booleanOption(options.autoRefresh, 'autoRefresh', false);
  const storage = storageOption(options.storage);
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw argumentError('"fetch" must be a function', 'ERR_INVALID_ARG_TYPE');
  const navigate = options.navigate ?? pageNavigate;
  if (options.environment !== undefined && !isRecord(options.environment)) {
    throw argumentError('"environment" must be an object', 'ERR_INVALID_ARG_TYPE');
  }
  if (typeof navigate !== 'function') throw argumentError('"navigate" must be a function', 'ERR_INVALID_ARG_TYPE');
  return Object.freeze({
    issuer,
    clientId: options.clientId,
    registration: options.registration && Object.freeze({ ...options.registration }),
    redirectUri,
    scope,
    apiOrigins,
    resource: resource && resourceIndicator(options.resource!, resource),
    allowedIssuers,
    refreshLeeway: nonNegative(options.refreshLeeway, 'refreshLeeway', 60),
    autoRefresh,
    metadataTtl: nonNegative(options.metadataTtl, 'metadataTtl', 86_400),
    refreshRetries: Math.floor(nonNegative(options.refreshRetries, 'refreshRetries', 2)),
    retryDelay: nonNegative(options.retryDelay, 'retryDelay', 500),
    timeout: nonNegative(options.timeout, 'timeout', 30_000),
    allowInsecure,
    fetch: fetchImpl,
    storage,
    navigate,
    features: enabled,
    env: { ...pageEnvironment(), ...options.environment },
  });
}
