export { createTelnyxClient } from './client.js';
export type { TelnyxClient } from './client.js';
export type { OAuthClientsCalls } from './clients.js';
export type { OAuthGrantsCalls } from './grants.js';
export type { OAuthCalls } from './oauth.js';
export { DEFAULT_BASE_URL } from './options.js';
export type { RetryOptions, TelnyxClientOptions } from './options.js';
export type { WellKnownCalls } from './well-known.js';
export {
  ApiConnectionError,
  AuthenticationError,
  InvalidParameterError,
  MissingParameterError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TelnyxApiError,
  TelnyxError,
  UnprocessableEntityError,
  isApiConnectionError,
  isAuthenticationError,
  isInvalidParameterError,
  isMissingParameterError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isTelnyxApiError,
  isTelnyxError,
  isUnprocessableEntityError,
} from './errors.js';
export type { TelnyxApiErrorOptions, TelnyxErrorCode, TelnyxErrorDetail } from './errors.js';
export type * from './types.js';
