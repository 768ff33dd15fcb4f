/**
 * Every Telnyx OAuth endpoint this module calls, in one table, so a moved path is a one-line change.
 *
 * Paths follow the English Telnyx docs (`/oauth_clients`, `/oauth_grants`). `POST /oauth/grants`
 * (answering a consent screen) and `GET /oauth_grants` (listing grants) are two different endpoints.
 *
 * - `auth`: whether the call carries the user's token when the client was given `getAccessToken`.
 *   Discovery, JWKS, registration and the token endpoint are used before anyone is signed in.
 * - `body`: how the request body is encoded. The token and introspection endpoints take
 *   `application/x-www-form-urlencoded` (RFC 6749 §4.1.3, RFC 7662 §2.1); the rest take JSON.
 *
 * @see https://developers.telnyx.com/api-reference (OAuth, OAuth clients, OAuth grants)
 */
export const endpoints = {
  authorizationServerMetadata: { method: 'GET', path: '/.well-known/oauth-authorization-server', auth: false, root: true },
  protectedResourceMetadata: { method: 'GET', path: '/.well-known/oauth-protected-resource', auth: false, root: true },
  authorize: { method: 'GET', path: '/oauth/authorize', auth: false },
  consent: { method: 'GET', path: '/oauth/consent/{consent_token}', auth: true },
  createGrant: { method: 'POST', path: '/oauth/grants', auth: true, body: 'json' },
  introspect: { method: 'POST', path: '/oauth/introspect', auth: true, body: 'form' },
  jwks: { method: 'GET', path: '/oauth/jwks', auth: false },
  register: { method: 'POST', path: '/oauth/register', auth: false, body: 'json' },
  token: { method: 'POST', path: '/oauth/token', auth: false, body: 'form' },
  listOAuthClients: { method: 'GET', path: '/oauth_clients', auth: true },
  createOAuthClient: { method: 'POST', path: '/oauth_clients', auth: true, body: 'json' },
  retrieveOAuthClient: { method: 'GET', path: '/oauth_clients/{id}', auth: true },
  updateOAuthClient: { method: 'PUT', path: '/oauth_clients/{id}', auth: true, body: 'json' },
  deleteOAuthClient: { method: 'DELETE', path: '/oauth_clients/{id}', auth: true },
  listOAuthGrants: { method: 'GET', path: '/oauth_grants', auth: true },
  retrieveOAuthGrant: { method: 'GET', path: '/oauth_grants/{id}', auth: true },
  revokeOAuthGrant: { method: 'DELETE', path: '/oauth_grants/{id}', auth: true },
} as const satisfies Record<string, Endpoint>;

/** One row of {@link endpoints}. */
export interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the base URL; `{name}` is a path parameter. */
  readonly path: string;
  readonly auth: boolean;
  readonly body?: 'json' | 'form' | undefined;
  /**
   * Beside the API's `/v2`, not under it: Telnyx serves its metadata at `https://api.telnyx.com/.well-known/...`
   * (the official SDKs call the root too), and answers nothing for the protected-resource one under `/v2`.
   */
  readonly root?: true | undefined;
}

/** The endpoint's URL under `baseUrl`, path parameters percent-encoded (an id can never add a segment). */
export function endpointUrl(baseUrl: string, endpoint: Endpoint, params: Readonly<Record<string, string>> = {}): URL {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    // Callers check required parameters first; reaching here without one is a bug in this module.
    if (value === undefined) throw new TypeError(`path parameter "${name}" missing for ${endpoint.path}`);
    return encodeURIComponent(value);
  });
  return new URL((endpoint.root ? baseUrl.replace(/\/v2\/?$/, '') : baseUrl) + path);
}
