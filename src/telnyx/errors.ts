import { isRecord } from '../shared/records.js';

/**
 * Every error the Telnyx module throws, by a stable code a caller can `switch` on.
 *
 * - `missing_parameter`: a required parameter was absent; no request was sent.
 * - `invalid_parameter`: a parameter that would change which endpoint is called (an id of `.` or `..`);
 *   no request was sent.
 * - `api_error`: the API answered with an error status not listed below (400, 409, 5xx...).
 * - `invalid_response`: a success status with a body that is not what the API promises.
 * - `authentication_failed`: 401, the token is missing, expired or revoked.
 * - `permission_denied`: 403, the token lacks a scope.
 * - `not_found`: 404.
 * - `unprocessable_entity`: 422, validation failed; see `errors[].source`.
 * - `rate_limited`: 429, and retrying did not help (or was switched off).
 * - `connection_failed`: no answer at all (offline, DNS, CORS).
 */
export type TelnyxErrorCode =
  | 'missing_parameter'
  | 'invalid_parameter'
  | 'api_error'
  | 'invalid_response'
  | 'authentication_failed'
  | 'permission_denied'
  | 'not_found'
  | 'unprocessable_entity'
  | 'rate_limited'
  | 'connection_failed';

/**
 * One entry of the `errors` array in a Telnyx error response.
 * @see Telnyx OAuth API docs, "Error Handling"
 */
export interface TelnyxErrorDetail {
  code?: string | undefined;
  title?: string | undefined;
  detail?: string | undefined;
  source?: { pointer?: string | undefined; parameter?: string | undefined } | undefined;
  meta?: Record<string, unknown> | undefined;
}

/** Base class of every error this module throws. */
export class TelnyxError extends Error {
  readonly code: TelnyxErrorCode;

  constructor(code: TelnyxErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = kindOf(new.target)?.[1] ?? 'TelnyxError';
    this.code = code;
  }
}

/** A required parameter was missing; the request was never sent. */
export class MissingParameterError extends TelnyxError {
  /** Every missing parameter, by its Telnyx name. */
  readonly parameters: readonly string[];

  constructor(parameters: readonly string[], operation: string) {
    super('missing_parameter', `${parameters.map((p) => `"${p}"`).join(', ')} required to ${operation}`);
    this.parameters = parameters;
  }
}

/**
 * A parameter that would change which endpoint is called: an id of `.` or `..` (or their `%2e` forms)
 * is a path segment the URL parser folds away, so `oauthGrants.revoke('..')` would send `DELETE /v2/`.
 * The request was never sent. Such an id may come from a server's answer, so it is an error, not a throw.
 */
export class InvalidParameterError extends TelnyxError {
  /** The parameter, by its Telnyx name. */
  readonly parameter: string;

  constructor(parameter: string, operation: string) {
    super('invalid_parameter', `"${parameter}" is "." or "..", which would call another endpoint than the one to ${operation}`);
    this.parameter = parameter;
  }
}

/** What the API (or the attempt to reach it) left behind. */
export interface TelnyxApiErrorOptions {
  status?: number | undefined;
  errors?: readonly TelnyxErrorDetail[] | undefined;
  /** OAuth endpoints answer RFC 6749 §5.2 errors instead of `errors[]`. */
  error?: string | undefined;
  errorDescription?: string | undefined;
  headers?: Headers | undefined;
  /** The parsed body (or its text when it was not JSON). */
  body?: unknown;
  cause?: unknown;
}

/**
 * The API answered with an error, or could not be reached. Subclasses narrow `status` and `code`.
 *
 * @example
 * try { await telnyx.oauthGrants.revoke(id) } catch (err) {
 *   if (err instanceof NotFoundError) return // already gone
 *   if (err instanceof TelnyxApiError) console.error(err.status, err.errors[0]?.detail)
 * }
 */
export class TelnyxApiError extends TelnyxError {
  readonly status: number | undefined;
  /** Telnyx's `errors[]`, empty when the body had none. */
  readonly errors: readonly TelnyxErrorDetail[];
  /** RFC 6749 `error`, e.g. `invalid_grant`, from the OAuth endpoints. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  readonly headers: Headers | undefined;
  /** `x-request-id`, to quote to Telnyx support (readable cross-origin only if the API exposes it). */
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(message: string, options: TelnyxApiErrorOptions = {}, code: TelnyxErrorCode = 'api_error') {
    super(code, message, { cause: options.cause });
    this.status = options.status;
    this.errors = options.errors ?? [];
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.headers = options.headers;
    this.requestId = options.headers?.get('x-request-id') ?? undefined;
    this.body = options.body;
  }
}

/** 401: no token, or one that is expired or revoked. */
export class AuthenticationError extends TelnyxApiError {
  declare readonly status: 401;
  constructor(message: string, options: TelnyxApiErrorOptions = {}) {
    super(message, { ...options, status: 401 }, 'authentication_failed');
  }
}

/** 403: the token is valid but lacks the permission. */
export class PermissionDeniedError extends TelnyxApiError {
  declare readonly status: 403;
  constructor(message: string, options: TelnyxApiErrorOptions = {}) {
    super(message, { ...options, status: 403 }, 'permission_denied');
  }
}

/** 404: no such resource (or not visible to this user). */
export class NotFoundError extends TelnyxApiError {
  declare readonly status: 404;
  constructor(message: string, options: TelnyxApiErrorOptions = {}) {
    super(message, { ...options, status: 404 }, 'not_found');
  }
}

/** 422: validation failed; `errors[].source.pointer` names the field. */
export class UnprocessableEntityError extends TelnyxApiError {
  declare readonly status: 422;
  constructor(message: string, options: TelnyxApiErrorOptions = {}) {
    super(message, { ...options, status: 422 }, 'unprocessable_entity');
  }
}

/** 429 after the configured retries (or with retries off). */
export class RateLimitError extends TelnyxApiError {
  declare readonly status: 429;
  /** Seconds the server asked to wait (`Retry-After`), if it said. */
  readonly retryAfter: number | undefined;
  constructor(message: string, options: TelnyxApiErrorOptions & { retryAfter?: number | undefined } = {}) {
    super(message, { ...options, status: 429 }, 'rate_limited');
    this.retryAfter = options.retryAfter;
  }
}

/** The request got no answer: offline, DNS, TLS, or blocked by CORS. `cause` holds what fetch threw. */
export class ApiConnectionError extends TelnyxApiError {
  declare readonly status: undefined;
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause }, 'connection_failed');
  }
}

/**
 * Each class with its `name` and, for a subclass, the code its instances carry: the one place either is
 * written. The constructor takes `name` from here, the guards compare `name` and `code`, which survive a
 * crossing between realms (an iframe, a second copy of this module) where `instanceof` fails. Literal
 * names, not `new.target.name`: minifiers rename classes.
 */
type ErrorClass = abstract new (...args: never[]) => TelnyxError;
type Kind = readonly [Class: ErrorClass, name: string, code?: TelnyxErrorCode];

const KINDS: readonly Kind[] = [
  [TelnyxError, 'TelnyxError'],
  [TelnyxApiError, 'TelnyxApiError'],
  [MissingParameterError, 'MissingParameterError', 'missing_parameter'],
  [InvalidParameterError, 'InvalidParameterError', 'invalid_parameter'],
  [AuthenticationError, 'AuthenticationError', 'authentication_failed'],
  [PermissionDeniedError, 'PermissionDeniedError', 'permission_denied'],
  [NotFoundError, 'NotFoundError', 'not_found'],
  [UnprocessableEntityError, 'UnprocessableEntityError', 'unprocessable_entity'],
  [RateLimitError, 'RateLimitError', 'rate_limited'],
  [ApiConnectionError, 'ApiConnectionError', 'connection_failed'],
];

/** The row of `Class`, or of the nearest class it extends (a caller's own subclass is named as its parent). */
function kindOf(Class: unknown): Kind | undefined {
  for (let c = Class; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const kind = KINDS.find(([K]) => K === c);
    if (kind) return kind;
  }
  return undefined;
}

/**
 * True for an instance of `Class`, or for what looks like one from another realm: the name of `Class` or
 * of a class extending it, with that class's code (any code, for a base class).
 */
function is(value: unknown, Class: ErrorClass): boolean {
  if (value instanceof Class) return true;
  if (!isRecord(value)) return false;
  return KINDS.some(([K, name, code]) =>
    (K === Class || K.prototype instanceof Class) && value.name === name && (code === undefined ? typeof value.code === 'string' : value.code === code));
}

/** True for any error this module throws. */
export function isTelnyxError(value: unknown): value is TelnyxError {
  return is(value, TelnyxError);
}

/** True for {@link TelnyxApiError} and its subclasses. */
export function isTelnyxApiError(value: unknown): value is TelnyxApiError {
  return is(value, TelnyxApiError);
}

/** True for {@link MissingParameterError}. */
export function isMissingParameterError(value: unknown): value is MissingParameterError {
  return is(value, MissingParameterError);
}

/** True for {@link InvalidParameterError}. */
export function isInvalidParameterError(value: unknown): value is InvalidParameterError {
  return is(value, InvalidParameterError);
}

/** True for {@link AuthenticationError}. */
export function isAuthenticationError(value: unknown): value is AuthenticationError {
  return is(value, AuthenticationError);
}

/** True for {@link PermissionDeniedError}. */
export function isPermissionDeniedError(value: unknown): value is PermissionDeniedError {
  return is(value, PermissionDeniedError);
}

/** True for {@link NotFoundError}. */
export function isNotFoundError(value: unknown): value is NotFoundError {
  return is(value, NotFoundError);
}

/** True for {@link UnprocessableEntityError}. */
export function isUnprocessableEntityError(value: unknown): value is UnprocessableEntityError {
  return is(value, UnprocessableEntityError);
}

/** True for {@link RateLimitError}. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return is(value, RateLimitError);
}

/** True for {@link ApiConnectionError}. */
export function isApiConnectionError(value: unknown): value is ApiConnectionError {
  return is(value, ApiConnectionError);
}
