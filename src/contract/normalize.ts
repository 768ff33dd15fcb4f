import { pageEnvironment, pageNavigate, type LoginEnvironment } from '../browser/environment.js';
import type { PopupSignIn } from '../browser/popup.js';
import type { DynamicRegistration } from '../protocol/registration.js';
import type { ResourceDiscovery } from '../protocol/resource.js';
import { argumentError, booleanOption, nonNegative } from '../shared/arguments.js';
import { isRecord } from '../shared/records.js';
import { allowedUrl, parseUrl, usesAllowedScheme } from '../shared/urls.js';
import type { FeatureName, LoginFeature } from './features.js';
import type { ClientRegistration, LoginOptions } from './options.js';
import { STORE_METHODS, type Store } from './store.js';

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
