import * as oauth from 'oauth4webapi';
import { PENDING_KEY, sameOriginUrl, type PendingSignIn } from './authorize.js';
import { LoginError } from './errors.js';
import { oauthClient, tokenRequestOptions, toLoginError } from './http.js';
import type { BoundOptions } from './options.js';
import type { Store } from './storage.js';
import { toStoredTokens, type StoredTokens } from './tokens.js';

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

/** Names which check oauth4webapi's validateAuthResponse failed, which its error alone does not say. */
function callbackError(err: unknown, as: oauth.AuthorizationServer, params: URLSearchParams): LoginError {
  if (err instanceof oauth.AuthorizationResponseError) {
    return new LoginError(
      err.error === 'access_denied' || err.error === 'invalid_scope' ? err.error : 'authorization_error',
      `Sign-in failed: ${err.error_description ?? err.error}`,
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
  if (!params.has('state')) return new LoginError('state_missing', 'Sign-in failed: the response has no "state"', { cause: err });
  if (err instanceof oauth.OperationProcessingError && err.message.includes('"state"')) {
    return new LoginError('state_mismatch', 'Sign-in failed: the response "state" is not the one this browser sent', { cause: err });
  }
  return new LoginError('invalid_callback', `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * True for a pending sign-in as this version writes it. Storage may hold one written by another version
 * or edited by hand: used as is, a wrong type would throw an untyped error from oauth4webapi, and a foreign
 * returnTo would fail only after the tokens were stored.
 */
function usable(pending: unknown, redirectUri: URL): pending is PendingSignIn {
  const { state, codeVerifier, nonce, redirectUri: sentTo, returnTo } = pending as Partial<Record<keyof PendingSignIn, unknown>>;
  if (typeof state !== 'string' || typeof codeVerifier !== 'string' || typeof sentTo !== 'string' || typeof returnTo !== 'string') return false;
  if (nonce !== undefined && typeof nonce !== 'string') return false;
  try {
    sameOriginUrl(returnTo, redirectUri.href);
    return true;
  } catch {
    return false;
  }
}

/** A completed sign-in: the tokens, and where the app goes next. */
export interface CallbackResult {
  tokens: StoredTokens;
  returnTo: string;
}

// One exchange per code in this page, however many controllers or effects handle the same callback.
const exchanges = new Map<string, Promise<CallbackResult>>();

/**
 * Validates the authorization response (state, RFC 9207 iss, error) and exchanges the code with the
 * PKCE verifier saved by the sign-in. The pending sign-in is consumed whatever the outcome, so a failed
 * callback leaves nothing behind.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 * @throws {LoginError} `no_pending_sign_in`, `state_missing`, `state_mismatch`, `issuer_missing`,
 *   `issuer_mismatch`, `access_denied`, `authorization_error`, `invalid_callback`, and the token endpoint's codes.
 */
export function completeSignIn(as: oauth.AuthorizationServer, options: BoundOptions, store: Store, url: URL): Promise<CallbackResult> {
  const code = url.searchParams.get('code');
  const running = code === null ? undefined : exchanges.get(code);
  if (running) return running;
  const result = exchange(as, options, store, url.searchParams);
  if (code !== null) exchanges.set(code, result);
  return result;
}

async function exchange(as: oauth.AuthorizationServer, options: BoundOptions, store: Store, params: URLSearchParams): Promise<CallbackResult> {
  const pending = await store.get<PendingSignIn>(PENDING_KEY);
  if (!pending) {
    throw new LoginError('no_pending_sign_in', 'Sign-in failed: no sign-in was started in this browser (or its storage was cleared)');
  }
  await store.del(PENDING_KEY);
  if (!usable(pending, options.redirectUri)) {
    throw new LoginError('no_pending_sign_in', 'Sign-in failed: the stored sign-in is unreadable (written by another version, or tampered with)');
  }

  const client = oauthClient(options.clientId);
  let validated: URLSearchParams;
  try {
    validated = oauth.validateAuthResponse(as, client, params, pending.state);
  } catch (err) {
    throw callbackError(err, as, params);
  }
  // oauth4webapi looks at "code" only while building the token request, where a missing or repeated one
  // would read as a bad token response: it is a bad callback.
  const codes = validated.getAll('code');
  if (codes.length !== 1 || codes[0] === '') {
    throw new LoginError('invalid_callback', 'Sign-in failed: the response has no single, non-empty "code"');
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), validated, pending.redirectUri, pending.codeVerifier, tokenRequestOptions(options));
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce ?? oauth.expectNoNonce,
      requireIdToken: pending.nonce !== undefined,
    });
    return { tokens: toStoredTokens(result, undefined, Date.now()), returnTo: pending.returnTo };
  } catch (err) {
    throw toLoginError(err, 'Code exchange');
  }
}
