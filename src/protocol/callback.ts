import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import { oauthClient, tokenRequestOptions, toLoginError } from './http.js';
import type { BoundOptions } from '../contract/normalize.js';
import type { PendingSignIn } from '../session/pending.js';

/** The authorization response parameters, removed from the address bar once handled. */
export const RESPONSE_PARAMS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state'];

/** True when `url` is our redirect URI carrying an authorization response. */
export function isCallback(url: URL, redirectUri: URL): boolean {
  return (
    url.origin === redirectUri.origin &&
    url.pathname === redirectUri.pathname &&
    (url.searchParams.has('code') || url.searchParams.has('error'))
  );
}

/** `url` without the authorization response parameters. */
export function withoutResponseParams(url: URL): URL {
  const clean = new URL(url.href);
  for (const name of RESPONSE_PARAMS) clean.searchParams.delete(name);
  return clean;
}

/**
 * Names which check oauth4webapi's validateAuthResponse failed, which its error alone does not say. The
 * `state` was checked already: it named the pending sign-in.
 */
function callbackError(err: unknown, as: oauth.AuthorizationServer, params: URLSearchParams, pending: PendingSignIn): LoginError {
  if (err instanceof oauth.AuthorizationResponseError) {
    const code = err.error === 'access_denied' || err.error === 'invalid_scope' ? err.error : 'authorization_error';
    // Some servers (and some clients' settings) refuse a request that names no scope: say what to change.
    const hint = code !== 'authorization_error' && !pending.scope ? ' (no scope was asked for: pass "scope" to createLogin(), e.g. scope: [\'numbers.read\'])' : '';
    return new LoginError(
      code,
      `Sign-in failed: ${err.error_description ?? err.error}${hint}`,
      { error: err.error, errorDescription: err.error_description, cause: err },
    );
  }
  const iss = params.get('iss');
  if (iss === null && as.authorization_response_iss_parameter_supported) {
    return new LoginError('issuer_missing', 'Sign-in failed: the response has no "iss" though the server promises one', { cause: err });
  }
  if (iss !== null && iss !== as.issuer) {
    return new LoginError('issuer_mismatch', 'Sign-in failed: the response comes from another issuer', { cause: err });
  }
  return new LoginError('invalid_callback', `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * Validates the authorization response for `pending` (state, RFC 9207 iss, error) and exchanges its code
 * with the PKCE verifier: the validated token response.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 * @throws {LoginError} `issuer_missing`, `issuer_mismatch`, `access_denied`, `invalid_scope`,
 *   `authorization_error`, `invalid_callback`, and the token endpoint's codes.
 */
export async function exchangeCode(as: oauth.AuthorizationServer, options: BoundOptions, pending: PendingSignIn, params: URLSearchParams): Promise<oauth.TokenEndpointResponse> {
  const client = oauthClient(options);
  let validated: URLSearchParams;
  try {
    validated = oauth.validateAuthResponse(as, client, params, pending.state);
  } catch (err) {
    throw callbackError(err, as, params, pending);
  }
  // oauth4webapi looks at "code" only while building the token request, where a missing or repeated one
  // would read as a bad token response: it is a bad callback.
  const codes = validated.getAll('code');
  if (codes.length !== 1 || codes[0] === '') {
    throw new LoginError('invalid_callback', 'Sign-in failed: the response has no single, non-empty "code"');
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), validated, pending.redirectUri, pending.codeVerifier, tokenRequestOptions(options));
    return await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce ?? oauth.expectNoNonce,
      requireIdToken: pending.nonce !== undefined,
    });
  } catch (err) {
    throw toLoginError(err, 'Code exchange');
  }
}
