// oidc-provider, configured to look like Telnyx's authorization server (paths under /v2/oauth).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

/** The pre-registered public client the demo SPA uses. */
export const DEMO_CLIENT_ID = 'telnyx-login-demo';

/** Scopes the demo API understands. `admin` is Telnyx's scope for the OAuth management API. */
export const API_SCOPES = ['admin'];

/**
 * @typedef {object} ProviderOptions
 * @property {string} issuer e.g. http://localhost:4010/v2
 * @property {string} resource the demo API's resource identifier (RFC 8707 / RFC 9728)
 * @property {() => number} accessTokenTtl seconds; read on every issuance so tests can change it
 * @property {string[]} demoOrigins browser origins allowed to call the token, revocation and API endpoints
 * @property {import('./store.js').MemoryStore} store
 */

/**
 * Redirect URIs registered for the demo client: the app root and /callback of every demo origin.
 * @param {string[]} origins
 */
export function demoRedirectUris(origins) {
  return origins.flatMap((origin) => [`${origin}/`, `${origin}/callback`]);
}

/** @param {ProviderOptions} options */
export function createProvider({ issuer, resource, accessTokenTtl, demoOrigins, store }) {
  const allowedOrigins = new Set(demoOrigins);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    adapter: store.adapter(),
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        client_name: 'telnyx-login demo',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: demoRedirectUris(demoOrigins),
        scope: 'openid profile offline_access admin',
      },
    ],
    // Dynamically registered clients are SPAs too unless they say otherwise.
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'RS256',
    },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'demo-rs256', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, name: id, preferred_username: id }),
    }),
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], sid: null, auth_time: null },
    // The SPA shows the user from the ID token, so profile claims go in it (no userinfo round trip).
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'offline_access', ...API_SCOPES],
    // Exact redirect_uri always: the SDK promises to send it.
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: () => true },
    // OAuth 2.1: authorization code only, no implicit or hybrid flows.
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      jwks: '/oauth/jwks',
      introspection: '/oauth/introspect',
      registration: '/oauth/register',
      revocation: '/oauth/revoke',
      userinfo: '/oauth/userinfo',
      end_session: '/oauth/end_session',
    },
    interactions: { url: (_ctx, interaction) => `/v2/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      introspection: {
        enabled: true,
        // A public client may introspect its own tokens, nobody else's.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, requested) => {
          if (requested !== resource) throw new errors.InvalidTarget();
          return { scope: API_SCOPES.join(' '), accessTokenFormat: 'opaque', accessTokenTTL: accessTokenTtl() };
        },
      },
      // Not part of Telnyx's server; off so the metadata only promises what Telnyx does.
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    // SPAs sign in with `openid profile admin`: refresh tokens without requiring offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens outlive the authorization server's cookie session; sign-out is the SDK's job.
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    clientBasedCORS: (_ctx, origin) => allowedOrigins.has(origin),
    ttl: {
      AccessToken: () => accessTokenTtl(),
      AuthorizationCode: 60,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<h1>Something went wrong</h1><p data-testid="server-error"><code>${escapeHtml(out.error)}</code> ${escapeHtml(out.error_description ?? '')}</p>`,
      );
    },
  });

  return provider;
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The authorization server's pages share one plain layout.
 * @param {string} title @param {string} body
 */
export function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - local Telnyx OAuth</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#111}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .25rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1.2rem;margin:1rem .5rem 0 0;cursor:pointer}.muted{color:#666;font-size:.9rem}
ul{padding-left:1.2rem}code{background:#f2f2f2;padding:0 .2rem}
</style></head><body>${body}</body></html>`;
}
