import type { LoginEnvironment } from '../browser/environment.js';
import type { LoginFeature } from './features.js';
import type { Scope } from './scopes.js';
import type { Store } from './store.js';

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
