/**
 * Every failure the SDK reports, by a stable code a caller can `switch` on.
 *
 * - `invalid_return_to`: `returnTo` was not a same-origin path or URL.
 * - `state_missing` / `state_mismatch`: the callback's `state` was absent or names no sign-in under way here.
 * - `issuer_missing` / `issuer_mismatch`: RFC 9207 `iss` absent (when the server promises it) or wrong.
 * - `access_denied`: the user (or server) refused the authorization request.
 * - `invalid_scope`: the server does not offer a requested scope (Telnyx refuses its retired `admin`).
 * - `authorization_error`: any other error response on the callback (`server_error`, ...).
 * - `invalid_callback`: a callback URL that is not a valid authorization response.
 * - `no_pending_sign_in`: a callback arrived but no sign-in was started here (storage cleared?), or it expired.
 * - `invalid_grant`: the server rejected a code or refresh token.
 * - `invalid_client`: the server no longer knows the client.
 * - `invalid_response`: a token or metadata response that breaks the protocol.
 * - `network`: the request never got an answer (offline, DNS, CORS, aborted).
 * - `timeout`: the request got no answer in time.
 * - `server_error`: the server answered 5xx or `server_error` / `temporarily_unavailable`.
 * - `discovery_failed`: no usable metadata at any well-known placement, or metadata naming a URL the SDK will
 *   not use (not `https:`, or an authorization server outside `allowedIssuers`).
 * - `registration_failed`: dynamic client registration was refused.
 * - `storage_unavailable`: IndexedDB could not be used: a warning (the session lives in memory), or the
 *   error of a redirect sign-in, which cannot survive the page without it. Or the `Store` given as
 *   `storage` rejected.
 * - `login_required`: there is no session to take a token from.
 * - `popup_blocked` / `popup_closed`: popup sign-in could not open or was closed before finishing.
 */
export type LoginErrorCode =
  | 'invalid_return_to'
  | 'state_missing'
  | 'state_mismatch'
  | 'issuer_missing'
  | 'issuer_mismatch'
  | 'access_denied'
  | 'invalid_scope'
  | 'authorization_error'
  | 'invalid_callback'
  | 'no_pending_sign_in'
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_response'
  | 'network'
  | 'timeout'
  | 'server_error'
  | 'discovery_failed'
  | 'registration_failed'
  | 'storage_unavailable'
  | 'login_required'
  | 'popup_blocked'
  | 'popup_closed';

/** What a {@link LoginError} carries besides its code and message. */
export interface LoginErrorOptions {
  /** The server's OAuth `error` value, when the server sent one. */
  error?: string | undefined;
  /** The server's `error_description`, when the server sent one. */
  errorDescription?: string | undefined;
  /** The HTTP status of the response that failed, when there was one. */
  status?: number | undefined;
  /** The original error, kept with everything but what may hold a secret (see {@link LoginError}). */
  cause?: unknown;
}

/**
 * The one error class the SDK throws for anything but a programming mistake
 * (those are `TypeError`s naming the argument, with a `code` such as `ERR_INVALID_ARG_VALUE`).
 *
 * `cause` is the original error, minus anything that can hold a token, code or verifier: response
 * bodies, parsed JSON, callback parameters and ID token claims are dropped from it and from its causes,
 * and a `Response` is kept without its body. An error can be logged or reported whole.
 *
 * @example
 * try { await login.getAccessToken() } catch (err) {
 *   if (err instanceof LoginError && err.code === 'login_required') await login.signIn()
 * }
 */
export class LoginError extends Error {
  readonly code: LoginErrorCode;
  /** The server's OAuth `error`, e.g. `invalid_grant`. */
  readonly error: string | undefined;
  /** The server's OAuth `error_description`. */
  readonly errorDescription: string | undefined;
  /** HTTP status of the failing response, if any. */
  readonly status: number | undefined;

  constructor(code: LoginErrorCode, message: string, options: LoginErrorOptions = {}) {
    super(message, { cause: redacted(options.cause, new Set()) });
    this.name = 'LoginError';
    this.code = code;
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.status = options.status;
  }
}

/** True for a {@link LoginError}, also one from another realm (an iframe, a second copy of the SDK). */
export function isLoginError(value: unknown): value is LoginError {
  return (
    value instanceof LoginError ||
    (value instanceof Error && value.name === 'LoginError' && typeof (value as { code?: unknown }).code === 'string')
  );
}

// What an error in a cause chain keeps as it is: its identity and the server's own words.
const KEPT = new Set<PropertyKey>(['name', 'message', 'stack', 'code', 'error', 'error_description', 'status']);

/** A response that says what came back (status, headers such as Retry-After) but no longer has the body. */
function bodyless(response: Response): Response {
  // An opaque response (status 0) has no readable body to begin with, and cannot be constructed.
  if (response.status < 200 || response.status > 599) return response;
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * `cause` with every secret taken out, for a {@link LoginError}. oauth4webapi puts whatever failed
 * validation in its errors' causes: a token response body (`{ body }`), the callback's parameters (with
 * the code), an ID token, the unread `Response`. Errors keep their class, message and codes, so
 * `instanceof` and `err.code` still work; their causes and responses are redacted in turn; every other
 * field, and any cause that is not an error, is dropped.
 */
function redacted(cause: unknown, seen: Set<unknown>): unknown {
  if (cause instanceof LoginError) return cause; // made by this constructor, so already redacted
  if (cause instanceof Response) return bodyless(cause);
  if (!(cause instanceof Error) || seen.has(cause)) return undefined;
  seen.add(cause);
  for (const key of Reflect.ownKeys(cause)) {
    if (KEPT.has(key)) continue;
    const { configurable, writable, enumerable, value: old } = Object.getOwnPropertyDescriptor(cause, key)!;
    const value = key === 'cause' || key === 'response' ? redacted(old, seen) : undefined;
    if (configurable) Object.defineProperty(cause, key, { value, writable: true, enumerable, configurable });
    else if (writable) (cause as unknown as Record<PropertyKey, unknown>)[key] = value;
    // Otherwise fixed, as oauth4webapi's ResponseBodyError.response, whose body it has read and cancelled.
  }
  return cause;
}

// Argument errors live in src/shared/ for the core and telnyx alike; src/session/sign-in.ts still imports this one from here.
export { isArgumentError } from '../shared/arguments.js';
