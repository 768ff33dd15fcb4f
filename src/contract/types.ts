import type { LoginError } from './errors.js';

/** Where the controller is in its life. */
export type LoginStatus = 'loading' | 'signed-out' | 'signing-in' | 'signed-in' | 'error';

/** Why a session ended. */
export type SignOutReason =
  | 'user'           // signOut() in this tab
  | 'other_tab'      // signOut() (or a failed refresh) in another tab of this app
  | 'invalid_grant'  // the server refused the refresh token (revoked, expired, rotated away)
  | 'invalid_client' // the server no longer knows the (registered) client
  | 'login_required'; // tokens were missing when they were needed

/** Claims from a validated ID token. Only present when `openid` was in scope. */
export interface UserClaims {
  sub: string;
  name?: string | undefined;
  preferred_username?: string | undefined;
  email?: string | undefined;
  picture?: string | undefined;
  [claim: string]: unknown;
}

/** A snapshot of the controller's state. A new object on every change, never mutated. */
export interface LoginState {
  readonly status: LoginStatus;
  /** ID token claims, when signed in with `openid` in scope. */
  readonly user?: UserClaims | undefined;
  /** When the access token expires, in ms since the epoch (local clock), if the server said. */
  readonly expiresAt?: number | undefined;
  /** Granted scope, as the server reported it. */
  readonly scope?: string | undefined;
  /** Set with status `error`, and kept on `signed-out` after a failed sign-in. */
  readonly error?: LoginError | undefined;
  /** Set on `signed-out` when a session ended. */
  readonly reason?: SignOutReason | undefined;
  /** True while the tokens are being refreshed (status stays `signed-in`). */
  readonly refreshing?: boolean | undefined;
}

/** Events that are not state changes. */
export interface LoginEventMap {
  /** A session ended; `reason` says why. */
  'signed-out': { reason: SignOutReason; error?: LoginError | undefined };
  /** This tab (or another) signed in. */
  'signed-in': { user?: UserClaims | undefined };
  /** Tokens were refreshed (here or in another tab). */
  refreshed: { expiresAt?: number | undefined };
  /** Something degraded without failing, e.g. IndexedDB unavailable and tokens kept in memory. */
  warning: { code: 'storage_unavailable' | 'revocation_failed'; error: LoginError };
}

/**
 * What {@link Login.signOut} did at the server. This browser holds no tokens afterwards in every case.
 * - `revoked`: the refresh token (and with it the grant's tokens) was revoked through RFC 7009.
 * - `unsupported`: the server has no revocation endpoint (Telnyx has none): the grant lives on at the server
 *   until the user ends it there, or the app does (for Telnyx: `DELETE /v2/oauth_grants/{id}`, see
 *   `oauthGrants.revokeForClient` in `telnyx-login/telnyx`).
 * - `failed`: revocation was tried and failed (a `warning` event `revocation_failed` says why).
 * - `none`: there was no session to end.
 */
export type ServerRevocation = 'revoked' | 'unsupported' | 'failed' | 'none';

/** What {@link Login.signOut} resolves with. */
export interface SignOutResult {
  readonly revocation: ServerRevocation;
}

/** Options of {@link Login.signIn}. */
export interface SignInOptions {
  /** Same-origin path or URL to return to after sign-in. @default the current URL */
  returnTo?: string | undefined;
  /** Extra authorization request parameters (e.g. `prompt`, `login_hint`). Never overrides PKCE, state, nonce. */
  extraParams?: Record<string, string> | undefined;
  /** Open the authorization page in a popup instead of redirecting. */
  popup?: boolean | undefined;
}

/** The login controller returned by `createLogin()`. */
export interface Login {
  /** Settles once stored tokens are loaded and any callback in the URL is handled. Never rejects. */
  readonly ready: Promise<LoginState>;
  /** The current state. */
  readonly state: LoginState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: (state: LoginState) => void): () => void;
  /** Listens to one kind of event; returns the unsubscribe function. */
  on<K extends keyof LoginEventMap>(type: K, listener: (event: LoginEventMap[K]) => void): () => void;
  /**
   * Starts sign-in: by redirect (resolves as the page leaves) or by popup (resolves signed in).
   * @throws {LoginError} `popup_blocked`, `popup_closed`, `invalid_return_to`, `discovery_failed`,
   *   `registration_failed`, `network`, `timeout`, and, by popup, the callback's and token endpoint's codes;
   *   by redirect, `storage_unavailable` where IndexedDB is refused (the callback could not find the sign-in).
   * @throws {TypeError} for `extraParams` that would override what the SDK sets.
   */
  signIn(options?: SignInOptions): Promise<void>;
  /**
   * Revokes the refresh token where the server supports RFC 7009, clears storage, tells other tabs.
   * Never rejects, and resolves with what happened at the server: `unsupported` means the server (Telnyx,
   * for one) kept the grant alive; a failed revocation is also a `warning` event (`revocation_failed`).
   * This browser holds no tokens afterwards either way, and a refresh still in flight, here or in another
   * tab, cannot bring the session back.
   * @example
   * const { revocation } = await login.signOut();
   * if (revocation !== 'revoked') console.info('Signed out here; the grant still exists at the server');
   */
  signOut(): Promise<SignOutResult>;
  /**
   * A fresh access token: from memory while fresh, refreshed ahead of expiry otherwise.
   * @throws {LoginError} `login_required` when signed out; `invalid_grant` / `invalid_client` when the refresh
   *   ended the session; `network`, `timeout`, `server_error`, `invalid_response` when it failed (tokens kept).
   * @example
   * const token = await login.getAccessToken();
   */
  getAccessToken(): Promise<string>;
  /**
   * `fetch` with a Bearer token for `apiOrigins` only; refreshes and retries once on 401.
   * @throws {LoginError} what {@link Login.getAccessToken} throws, for an `apiOrigins` request.
   * @example
   * const res = await login.fetch('https://api.telnyx.com/v2/oauth_grants');
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Stops listening to other tabs and drops every listener. The controller is unusable afterwards. */
  dispose(): void;
}
