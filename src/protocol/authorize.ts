import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import { argumentError } from '../shared/arguments.js';
import type { BoundOptions } from '../contract/normalize.js';
import type { PendingSignIn } from '../session/pending.js';
import type { SignInOptions } from '../contract/types.js';

// Parameters the SDK owns: letting extraParams set them would undo PKCE, state or nonce.
const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge', 'code_challenge_method']);

/**
 * Resolves `returnTo` against the current page and keeps it only when it stays on this origin, as an
 * absolute URL: a path such as `/.//evil.example/x` resolves to `https://app//evil.example/x`, which is
 * this origin, where kept as a path (`//evil.example/x`) it would later read as another host.
 * @throws {LoginError} `invalid_return_to` for another origin, `//host`, `javascript:` and the like.
 */
export function sameOriginUrl(returnTo: string, base: string): string {
  let url: URL;
  try {
    url = new URL(returnTo, base);
  } catch (cause) {
    throw new LoginError('invalid_return_to', '"returnTo" is not a valid URL', { cause });
  }
  if (url.origin !== new URL(base).origin) {
    throw new LoginError('invalid_return_to', '"returnTo" must stay on this origin');
  }
  return url.href;
}

/** {@link SignInOptions} checked, with `returnTo` made absolute: done before anything is stored or sent. */
export interface CheckedSignIn {
  returnTo: string;
  extraParams: readonly (readonly [string, string])[];
}

/**
 * Checks the options of one sign-in.
 * @throws {LoginError} `invalid_return_to`.
 * @throws {TypeError} (`ERR_INVALID_ARG_VALUE` / `_TYPE`) for `extraParams` that would override what the
 *   SDK sets, or are not strings.
 */
export function checkSignIn(signIn: SignInOptions, currentUrl: string): CheckedSignIn {
  if (signIn.returnTo !== undefined && typeof signIn.returnTo !== 'string') throw argumentError('"returnTo" must be a string', 'ERR_INVALID_ARG_TYPE');
  const returnTo = sameOriginUrl(signIn.returnTo ?? currentUrl, currentUrl);
  const extraParams = Object.entries(signIn.extraParams ?? {});
  for (const [name, value] of extraParams) {
    if (RESERVED.has(name)) throw argumentError(`"extraParams.${name}" is set by the SDK and cannot be overridden`);
    if (typeof value !== 'string') throw argumentError(`"extraParams.${name}" must be a string`, 'ERR_INVALID_ARG_TYPE');
  }
  return { returnTo, extraParams };
}

/** A started sign-in: where to send the user, and the `state` its pending sign-in is stored under. */
export interface StartedSignIn {
  url: URL;
  /** What the callback needs, to be stored under its `state` before the page leaves. */
  pending: PendingSignIn;
}

/**
 * Builds the authorization request: PKCE S256, state, nonce when `openid` is asked, RFC 8707 resource;
 * returns it with what the callback needs, which the caller stores before the page leaves.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 * @throws {LoginError} `discovery_failed` (no authorization_endpoint), `invalid_return_to`.
 * @throws {TypeError} as {@link checkSignIn}.
 */
export async function startSignIn(
  as: oauth.AuthorizationServer,
  options: BoundOptions,
  signIn: SignInOptions,
  currentUrl: string,
): Promise<StartedSignIn> {
  if (!as.authorization_endpoint) {
    throw new LoginError('discovery_failed', 'The server metadata has no authorization_endpoint');
  }
  const { returnTo, extraParams: extra } = checkSignIn(signIn, currentUrl);

  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri.href);
  if (options.scope !== undefined) url.searchParams.set('scope', options.scope);
  if (options.resource !== undefined) url.searchParams.set('resource', options.resource);
  for (const [name, value] of extra) url.searchParams.set(name, value);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  const nonce = url.searchParams.get('scope')?.split(' ').includes('openid') ? oauth.generateRandomNonce() : undefined;
  if (nonce !== undefined) url.searchParams.set('nonce', nonce);

  const pending: PendingSignIn = {
    state,
    codeVerifier,
    nonce,
    issuer: options.issuer.href,
    clientId: options.clientId,
    redirectUri: options.redirectUri.href,
    scope: url.searchParams.get('scope') ?? undefined,
    returnTo,
    createdAt: options.env.now(),
  };
  return { url, pending };
}
