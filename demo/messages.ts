import type { LoginErrorCode, SignOutReason } from '../src/index.js';

/** A sentence a person can act on, for every error code the SDK reports. */
export const ERROR_MESSAGES: Record<LoginErrorCode, string> = {
  invalid_return_to: 'The page to come back to after sign-in is not on this site.',
  state_missing: 'The sign-in response was incomplete (no state). Please sign in again.',
  state_mismatch: 'The sign-in response does not belong to the sign-in started here. Please sign in again.',
  issuer_missing: 'The sign-in response did not say which server sent it. Please sign in again.',
  issuer_mismatch: 'The sign-in response came from a different server than expected.',
  access_denied: 'Access was not granted: the request was denied on the consent page.',
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
  storage_unavailable: 'This browser cannot store the session (IndexedDB unavailable); it lasts until the tab closes.',
  login_required: 'You are not signed in.',
  popup_blocked: 'The sign-in window was blocked by the browser.',
  popup_closed: 'The sign-in window was closed before sign-in finished.',
};

/** Why the session ended, in words. */
export const SIGN_OUT_REASONS: Record<SignOutReason, string> = {
  user: 'You signed out.',
  other_tab: 'You signed out in another tab.',
  invalid_grant: 'Your session ended: the server revoked it or it expired.',
  login_required: 'Your session ended: there were no tokens left to use.',
};
