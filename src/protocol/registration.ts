import * as oauth from 'oauth4webapi';
import { LoginError } from '../contract/errors.js';
import type { LoginFeature } from '../contract/features.js';
import { oauthClient, requestOptions, toLoginError } from './http.js';
import type { BoundOptions, NormalizedOptions } from '../contract/normalize.js';
import type { Store } from '../contract/store.js';
import { clientKey, read, update, write } from '../session/schema.js';

/**
 * The client_id registered with this server, registering a public SPA client (RFC 7591) the first time:
 * `token_endpoint_auth_method: none`, `authorization_code` + `refresh_token`, our exact redirect URI.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 * @throws {LoginError} `registration_failed`, `network`, `timeout`.
 */
export async function registeredClientId(as: oauth.AuthorizationServer, options: NormalizedOptions, store: Store): Promise<string> {
  const key = clientKey(as.issuer, options.redirectUri);
  // A client_id written by another version, or edited, is none: register anew.
  const known = await read(store, key);
  if (known !== undefined) return known;
  if (!as.registration_endpoint) {
    throw new LoginError('registration_failed', `${as.issuer} does not offer dynamic client registration`);
  }
  let clientId: string;
  try {
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      {
        ...options.registration,
        redirect_uris: [options.redirectUri.href],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'web',
      },
      requestOptions(options),
    );
    ({ client_id: clientId } = await oauth.processDynamicClientRegistrationResponse(response));
  } catch (err) {
    const error = toLoginError(err, 'Registration');
    if (error.code === 'network' || error.code === 'timeout') throw error;
    throw new LoginError('registration_failed', error.message, { error: error.error, errorDescription: error.errorDescription, status: error.status, cause: err });
  }
  await write(store, key, clientId);
  return clientId;
}

/**
 * True only when the server says it no longer knows the registered client (`invalid_client`). A redirect
 * that never came back may mean the server refused the client on its own error page, which it never tells
 * us; or only that the user went elsewhere, or is still on the consent page in another tab. One refresh
 * request with a token that cannot exist tells these apart: a known client gets `invalid_grant`, an unknown
 * one `invalid_client`. Anything else (offline, 5xx) is no evidence, and the client is kept.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export async function clientIsGone(as: oauth.AuthorizationServer, options: BoundOptions): Promise<boolean> {
  const client = oauthClient(options);
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), oauth.generateRandomState(), requestOptions(options));
    await oauth.processRefreshTokenResponse(as, client, response);
    return false;
  } catch (err) {
    return toLoginError(err, 'Client check').code === 'invalid_client';
  }
}

/** Forgets the registration of `clientId`, so the next sign-in registers again; a newer one stays. */
export async function forgetClient(issuer: string, options: NormalizedOptions, store: Store, clientId: string): Promise<void> {
  await update(store, clientKey(issuer, options.redirectUri), (known) => (known === clientId ? undefined : known));
}

/** What dynamic registration adds to the controller. @internal */
export interface DynamicRegistration extends LoginFeature<'dynamic-registration'> {
  registeredClientId: typeof registeredClientId;
  clientIsGone: typeof clientIsGone;
  forgetClient: typeof forgetClient;
}
