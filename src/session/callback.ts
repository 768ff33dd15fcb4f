import type * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import type { BoundOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { sameOriginUrl } from '../protocol/authorize.js';
import { exchangeCode } from '../protocol/callback.js';
import { takePending, type PendingSignIn } from './pending.js';
import { toStoredTokens, type StoredTokens } from './tokens.js';

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
  const response = await exchangeCode(as, options, pending, params);
  return { tokens: toStoredTokens(response, undefined, options.env.now()), returnTo: pending.returnTo };
}
