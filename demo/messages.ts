import type { LoginErrorCode, SignOutReason } from '../src/index.js';
import type { TelnyxErrorCode } from '../src/telnyx/index.js';

/** A sentence a person can act on, for every error code the SDK reports. */
export const ERROR_MESSAGES: Record<LoginErrorCode, string> = {
  invalid_return_to: 'The page to come back to after sign-in is not on this site.',
  state_missing: 'The sign-in response was incomplete (no state). Please sign in again.',
  state_mismatch: 'The sign-in response does not belong to the sign-in started here. Please sign in again.',
  issuer_missing: 'The sign-in response did not say which server sent it. Please sign in again.',
  issuer_mismatch: 'The sign-in response came from a different server than expected.',
  access_denied: 'Access was not granted: the request was denied on the consent page.',
  invalid_scope: 'The server does not offer a scope this app asked for (Telnyx no longer has "admin"; ask for scopes such as numbers.read).',
  authorization_error: 'The authorization server could not complete the sign-in.',
  invalid_callback: 'The sign-in response could not be understood.',
  no_pending_sign_in: 'A sign-in response arrived, but no sign-in was started in this browser.',
  invalid_grant: 'The server no longer accepts this session (revoked or expired). Please sign in again.',
  invalid_client: 'The server does not know this app (client) any more.',
  invalid_response: 'The authorization server sent a response that breaks the protocol.',
  network: 'The server could not be reached. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  server_error: 'The authorization server had a problem. Try again in a moment.',
  discovery_failed: 'The authorization server could not be found (no usable metadata).',
  registration_failed: 'The server refused to register this app.',
  storage_unavailable: 'This browser refuses to store a sign-in here (IndexedDB blocked, as in some private windows). Sign in with the popup instead.',
  login_required: 'You are not signed in.',
  popup_blocked: 'The sign-in window was blocked by the browser.',
  popup_closed: 'The sign-in window was closed before sign-in finished.',
};

/** Why the session ended, in words. */
export const SIGN_OUT_REASONS: Record<SignOutReason, string> = {
  user: 'You signed out.',
  other_tab: 'You signed out in another tab.',
  invalid_grant: 'Your session ended: the server revoked it or it expired.',
  invalid_client: 'Your session ended: the server no longer knows this app. Signing in again registers it anew.',
  login_required: 'Your session ended: there were no tokens left to use.',
};

/** What a failed API call (the Telnyx module's typed errors) means for the person using the page. */
export const API_ERROR_MESSAGES: Record<TelnyxErrorCode, string> = {
  missing_parameter: 'The app left out a required parameter; nothing was sent.',
  invalid_parameter: 'An id would have reached another endpoint than the one meant; nothing was sent.',
  api_error: 'The API answered with an error.',
  invalid_response: 'The API sent an answer this app does not understand.',
  authentication_failed: 'The API no longer accepts your session. Sign in again.',
  permission_denied: 'Your session lacks the permission (scope) this needs.',
  not_found: 'Not found: it was already revoked or removed.',
  unprocessable_entity: 'The API refused the request as invalid.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  connection_failed: 'The API could not be reached. Check your connection and try again.',
};
