import * as oauth from 'oauth4webapi';
import { oauthClient, requestOptions, toLoginError } from './http.js';
import type { BoundOptions } from '../contract/normalize.js';

/**
 * Revokes a refresh token (which, per RFC 7009, ends its access tokens too) when the server has a
 * revocation endpoint. Returns false when there is none.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 * @throws {LoginError} `network`, `timeout`, `server_error`, `authorization_error`.
 */
export async function revokeToken(as: oauth.AuthorizationServer, options: BoundOptions, token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
  if (!as.revocation_endpoint) return false;
  const client = oauthClient(options);
  try {
    const response = await oauth.revocationRequest(as, client, oauth.None(), token, {
      ...requestOptions(options),
      additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
    return true;
  } catch (err) {
    throw toLoginError(err, 'Revocation');
  }
}
