// oidc-provider, configured to behave like Telnyx's authorization server as deployed: issuer at the
// origin root, endpoints under /v2/oauth, S256 only, the 32 scopes, RFC 8707 resources, no revocation,
// no OpenID Connect (no ID tokens, no userinfo), consent in the portal.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Provider, errors } from './oidc.js';

import { escapeHtml } from './http.js';
import { ADMIN_SCOPE, SCOPE_IDS } from './scopes.js';

/** Telnyx's endpoint paths (the live metadata). The metadata document is built from these too. */
export const ROUTES = Object.freeze({
  authorization: '/v2/oauth/authorize',
  token: '/v2/oauth/token',
  registration: '/v2/oauth/register',
  introspection: '/v2/oauth/introspect',
  jwks: '/v2/oauth/jwks',
});

/** Grants outlive their refresh tokens' rotations; a grant ends when it is revoked. */
const MIN_GRANT_TTL = 365 * 24 * 3600;

/**
 * The canonical form of a resource indicator: `http://host:port/` and `http://host:port` are one
 * resource (RFC 3986 normalisation), and the SDK sends URLs as `URL.href` does.
 * @param {string} indicator
 */
export function canonicalResource(indicator) {
  const url = URL.parse(indicator);
  if (!url) return indicator;
  return url.pathname === '/' && !url.search ? url.origin : url.href;
}

/**
 * @typedef {object} ProviderOptions
 * @property {string} issuer the origin, no trailing slash
 * @property {string} resource the REST API's resource identifier (the origin)
 * @property {string} mcpResource the MCP endpoint's resource identifier
 * @property {() => Readonly<import('./settings.js').Settings>} settings read on every use, so tests can switch them
 * @property {import('./store.js').MemoryStore} store
 * @property {(interaction: { uid: string }) => string} interactionUrl where the portal's consent page is, for this request
 * @property {(clientId: string) => boolean} requiresPkce a client's own `require_pkce`
 * @property {string} [anyLoopbackClient] a client that may also redirect to `/` or `/callback` of any loopback origin
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `http://<loopback host>:<any port>/` or `/callback`, written canonically (no query, no fragment): where
 * a developer's own app on their machine comes back to.
 * @param {string} value
 */
export function isLoopbackAppRedirect(value) {
  const url = URL.parse(value);
  return (
    url?.href === value &&
    url.search === '' &&
    url.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(url.hostname) &&
    (url.pathname === '/' || url.pathname === '/callback')
  );
}

/**
 * Every scope a request may name now: the 32, and `admin` when its compat switch is on.
 * @param {Readonly<import('./settings.js').Settings>} settings
 */
export function knownScopes(settings) {
  return settings.adminScope ? [...SCOPE_IDS, ADMIN_SCOPE.id] : [...SCOPE_IDS];
}

/** @param {ProviderOptions} options */
export function createProvider({ issuer, resource, mcpResource, settings, store, interactionUrl, requiresPkce, anyLoopbackClient }) {
  const resources = new Set([resource, mcpResource]);
  // ES256 on P-256, as live Telnyx's JWKS. Nothing is signed with it (no ID tokens, opaque access tokens).
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  /**
   * oidc-provider silently drops a scope it does not know; Telnyx answers invalid_scope. Run from
   * getResourceServerInfo, which oidc-provider calls at the authorization endpoint (after the client
   * and redirect_uri are checked, so the error goes back to the client with `state`) and at the token
   * endpoint (refresh and client_credentials with a `scope`).
   * @param {string | undefined} scope
   */
  const refuseUnknownScopes = (scope) => {
    const known = new Set(knownScopes(settings()));
    const unknown = String(scope ?? '').split(' ').filter((s) => s !== '' && !known.has(s));
    if (unknown.length > 0) throw new errors.InvalidScope(`unknown scope ${unknown.join(' ')}`, unknown.join(' '));
  };

  const provider = new Provider(issuer, {
    adapter: store.adapter(),
    // Telnyx's DCR defaults (spec): a confidential client of the code flow unless it says otherwise.
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'local-es256', use: 'sig', alg: 'ES256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    // The scopes as oidc-provider's own list too, so client registration and allowed scopes are checked.
    // `openid` is always in it (oidc-provider adds it); refuseUnknownScopes refuses it.
    scopes: [...SCOPE_IDS, ADMIN_SCOPE.id],
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: {
      required: (_ctx, client) =>
        settings().pkce === 'always' || client.clientAuthMethod === 'none' || requiresPkce(client.clientId),
    },
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    routes: ROUTES,
    interactions: { url: (_ctx, interaction) => interactionUrl(interaction) },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // A client may introspect its own tokens, nobody else's.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        // No `resource` (most clients send none): the token is for the REST API.
        defaultResource: async (_ctx, _client, oneOf) =>
          oneOf ? (oneOf.find((r) => canonicalResource(r) === resource) ?? oneOf[0]) : resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, indicator) => {
          if (!resources.has(canonicalResource(indicator))) throw new errors.InvalidTarget();
          refuseUnknownScopes(ctx.oidc.params?.scope);
          return {
            scope: knownScopes(settings()).join(' '),
            accessTokenFormat: 'opaque',
            accessTokenTTL: settings().accessTokenTtl,
          };
        },
      },
      revocation: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    // Refresh tokens for every client allowed the grant, public ones included (no offline_access dance).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => settings().rotateRefreshTokens,
    // No server session outlives the consent step: tokens live on their own.
    expiresWithSession: async () => false,
    // CORS is decided by the HTTP layer (cors.js) for every endpoint alike.
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: () => settings().accessTokenTtl,
      ClientCredentials: () => settings().accessTokenTtl,
      AuthorizationCode: 60,
      RefreshToken: () => settings().refreshTokenTtl,
      Grant: () => Math.max(MIN_GRANT_TTL, settings().refreshTokenTtl),
      // Also how long a consent token lives.
      Interaction: 600,
      Session: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
      IdToken: 600,
    },
    // Telnyx answers a bad client or redirect_uri with an HTML page (never a redirect). This one also says
    // what a developer can do about it here.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const demoClient = anyLoopbackClient
        ? `, or sign in with the client <code>${escapeHtml(anyLoopbackClient)}</code>, which this local server lets come back to <code>/</code> or <code>/callback</code> of any <code>http://localhost:&lt;port&gt;</code>`
        : '';
      const hint = /redirect_uri/.test(String(out.error_description))
        ? `<p data-testid="server-error-hint">Register this redirect URI for the client (<code>PUT /v2/oauth_clients/{id}</code>)${demoClient}.</p>`
        : '';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title></head>
<body><h1>Authorization error</h1><p data-testid="server-error"><code>${escapeHtml(out.error)}</code> ${escapeHtml(out.error_description ?? '')}</p>${hint}</body></html>`;
    },
  });

  // A deviation live Telnyx does not make: the demo's client takes any loopback app's `/` or `/callback`,
  // so a developer's own app on any port signs in with it and nothing to register. oidc-provider documents
  // overriding this method; the token endpoint still requires the exact redirect_uri of the code.
  if (anyLoopbackClient !== undefined) {
    const redirectUriAllowed = provider.Client.prototype.redirectUriAllowed;
    provider.Client.prototype.redirectUriAllowed = function (/** @type {string} */ value) {
      return redirectUriAllowed.call(this, value) || (this.clientId === anyLoopbackClient && isLoopbackAppRedirect(value));
    };
  }
  return provider;
}
