import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import type { BoundOptions } from './options.js';
import { savePending, type PendingSignIn } from './pending.js';
import type { Store } from './storage.js';
import type { SignInOptions } from './types.js';

// Parameters the SDK owns: letting extraParams set them would undo PKCE, state or nonce.
const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge', 'code_challenge_method']);

/**
 * Resolves `returnTo` against the current page and keeps it only when it stays on this origin.
 * @throws {LoginError} `invalid_return_to` for another origin, `//host`, `javascript:` and the like.
 */
export function sameOriginPath(returnTo: string, base: string): string {
  let url: URL;
  try {
    url = new URL(returnTo, base);
  } catch (cause) {
    throw new LoginError('invalid_return_to', '"returnTo" is not a valid URL', { cause });
  }
  if (url.origin !== new URL(base).origin) {
    throw new LoginError('invalid_return_to', '"returnTo" must stay on this origin');
  }
  return url.pathname + url.search + url.hash;
}

/** A started sign-in: where to send the user, and the `state` its pending sign-in is stored under. */
export interface StartedSignIn {
  url: URL;
  state: string;
}

/**
 * Builds the authorization request: PKCE S256, state, nonce when `openid` is asked, RFC 8707 resource;
 * saves what the callback needs before the page leaves, under its `state`, beside other tabs' sign-ins.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 * @throws {LoginError} `discovery_failed` (no authorization_endpoint), `invalid_return_to`.
 * @throws {TypeError} for `extraParams` that would override what the SDK sets, or are not strings.
 */
export async function startSignIn(
  as: oauth.AuthorizationServer,
  options: BoundOptions,
  store: Store,
  signIn: SignInOptions,
  currentUrl: string,
): Promise<StartedSignIn> {
  if (!as.authorization_endpoint) {
    throw new LoginError('discovery_failed', 'The server metadata has no authorization_endpoint');
  }
  const returnTo = sameOriginPath(signIn.returnTo ?? currentUrl, currentUrl);
  const extra = Object.entries(signIn.extraParams ?? {});
  for (const [name, value] of extra) {
    if (RESERVED.has(name)) throw new TypeError(`"extraParams.${name}" is set by the SDK and cannot be overridden`);
    if (typeof value !== 'string') throw new TypeError(`"extraParams.${name}" must be a string`);
  }

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

  await savePending(store, {
    state,
    codeVerifier,
    nonce,
    issuer: options.issuer.href,
    clientId: options.clientId,
    redirectUri: options.redirectUri.href,
    returnTo,
    createdAt: Date.now(),
  } satisfies PendingSignIn);
  return { url, state };
}
