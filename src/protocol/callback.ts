import * as oauth from 'oauth4webapi';
import { sameOriginUrl } from './authorize.js';
import { LoginError } from '../contract/errors.js';
import { oauthClient, tokenRequestOptions, toLoginError } from './http.js';
import type { BoundOptions } from '../contract/options.js';
import { takePending, type PendingSignIn } from '../session/pending.js';
import type { Store } from '../contract/store.js';
import { toStoredTokens, type StoredTokens } from '../session/tokens.js';

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
 * True for a pending sign-in made for this issuer and client, returning to this origin. Its shape was
 * checked on reading; an edited one may still name another client, or a foreign returnTo that would fail
 * only after the tokens were stored.
 */
function usable(pending: PendingSignIn, options: BoundOptions): boolean {
  if (pending.issuer !== options.issuer.href || pending.clientId !== options.clientId) return false;
  try {
    sameOriginUrl(pending.returnTo, options.redirectUri.href);
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

// One exchange per callback in this page while it runs, however many controllers or effects handle it
// (StrictMode); only a controller of the same issuer, client and redirect URI shares it.
const exchanges = new Map<string, Promise<CallbackResult>>();

/**
 * Validates the authorization response (state, RFC 9207 iss, error) and exchanges the code with the
 * PKCE verifier saved by the sign-in. Only the sign-in that the response's `state` names is consumed,
 * whatever the outcome; a response naming none consumes nothing, so a forged or stray callback cannot
 * end a sign-in under way here or in another tab.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 * @throws {LoginError} `no_pending_sign_in`, `state_missing`, `state_mismatch`, `issuer_missing`,
 *   `issuer_mismatch`, `access_denied`, `authorization_error`, `invalid_callback`, and the token endpoint's codes.
 */
export function completeSignIn(as: oauth.AuthorizationServer, options: BoundOptions, store: Store, url: URL): Promise<CallbackResult> {
  const params = url.searchParams;
  const key = JSON.stringify([options.issuer.href, options.clientId, options.redirectUri.href, params.getAll('state'), params.getAll('code')]);
  const running = exchanges.get(key);
  if (running) return running;
  const result = exchange(as, options, store, params).finally(() => exchanges.delete(key));
  exchanges.set(key, result);
  return result;
}

/** The sign-in this response belongs to, taken from storage; a typed error when it names none. */
async function ownSignIn(options: BoundOptions, store: Store, params: URLSearchParams): Promise<PendingSignIn> {
  // A repeated "state" names no sign-in: the response is malformed, and nothing of ours is consumed.
  const states = params.getAll('state');
  const { pending, expired, others } = await takePending(store, states.length === 1 ? states[0] : undefined, options.env.now());
  if (pending !== undefined) {
    if (usable(pending, options)) return pending;
    throw new LoginError('no_pending_sign_in', 'Sign-in failed: the stored sign-in is unreadable (written by another version, or tampered with)');
  }
  if (expired) throw new LoginError('no_pending_sign_in', 'Sign-in failed: the sign-in was started too long ago; start it again');
  if (!others) throw new LoginError('no_pending_sign_in', 'Sign-in failed: no sign-in was started in this browser (or its storage was cleared)');
  if (states.length === 0) throw new LoginError('state_missing', 'Sign-in failed: the response has no "state"');
  throw new LoginError('state_mismatch', 'Sign-in failed: the response "state" is not one this browser sent');
}

async function exchange(as: oauth.AuthorizationServer, options: BoundOptions, store: Store, params: URLSearchParams): Promise<CallbackResult> {
  const pending = await ownSignIn(options, store, params);
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
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce ?? oauth.expectNoNonce,
      requireIdToken: pending.nonce !== undefined,
    });
    return { tokens: toStoredTokens(result, undefined, options.env.now()), returnTo: pending.returnTo };
  } catch (err) {
    throw toLoginError(err, 'Code exchange');
  }
}
