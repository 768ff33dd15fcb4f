import * as oauth from 'oauth4webapi';
import { LoginError } from './errors.js';
import { requestOptions, toLoginError } from './http.js';
import type { NormalizedOptions } from './options.js';
import type { Store } from './storage.js';

/**
 * One registration per issuer and redirect URI: a client registered for another page is another client.
 * The issuer is parsed, so the metadata's `https://api.telnyx.com` and the option's `https://api.telnyx.com/`
 * are one key.
 */
const clientKey = (issuer: string, redirectUri: URL) => `client:${new URL(issuer).href}:${redirectUri.href}`;

/**
 * The client_id registered with this server, registering a public SPA client (RFC 7591) the first time:
 * `token_endpoint_auth_method: none`, `authorization_code` + `refresh_token`, our exact redirect URI.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 * @throws {LoginError} `registration_failed`, `network`, `timeout`.
 */
export async function registeredClientId(as: oauth.AuthorizationServer, options: NormalizedOptions, store: Store): Promise<string> {
  const key = clientKey(as.issuer, options.redirectUri);
  const known = await store.get<string>(key);
  if (known) return known;
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
  await store.set(key, clientId);
  return clientId;
}

/** Forgets the registration, so the next sign-in registers again (the server said `invalid_client`). */
export function forgetClient(issuer: string, options: NormalizedOptions, store: Store): Promise<void> {
  return store.del(clientKey(issuer, options.redirectUri));
}
