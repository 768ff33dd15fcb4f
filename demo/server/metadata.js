// The discovery documents, as live Telnyx serves them (facts §3). Built here rather than by
// oidc-provider, which can only serve OpenID Connect Discovery (with OpenID fields Telnyx does not have).
import { SCOPE_IDS } from './scopes.js';

/** Where each discovery document is served; any other well-known path answers 404. */
export const AS_METADATA_PATHS = Object.freeze(['/.well-known/oauth-authorization-server', '/v2/.well-known/oauth-authorization-server']);
export const PR_METADATA_PATH = '/.well-known/oauth-protected-resource';

/**
 * RFC 8414 metadata. Endpoints come from the same routes oidc-provider is configured with.
 * @param {object} options
 * @param {string} options.issuer the origin, no trailing slash
 * @param {Record<'authorization' | 'token' | 'registration' | 'introspection' | 'jwks', string>} options.routes
 * @param {string[]} options.resources the RFC 8707 resources tokens can be for
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function authorizationServerMetadata({ issuer, routes, resources }) {
  return {
    issuer,
    authorization_endpoint: `${issuer}${routes.authorization}`,
    token_endpoint: `${issuer}${routes.token}`,
    registration_endpoint: `${issuer}${routes.registration}`,
    introspection_endpoint: `${issuer}${routes.introspection}`,
    jwks_uri: `${issuer}${routes.jwks}`,
    response_types_supported: ['code'],
    grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    scopes_supported: [...SCOPE_IDS],
    // Telnyx's own, non-standard field.
    protected_resources: resources,
    // Not in the live document (unknown there); oidc-provider does send `iss` on every authorization
    // response (RFC 9207), and saying so lets clients check it.
    authorization_response_iss_parameter_supported: true,
  };
}

/**
 * RFC 9728 metadata for one protected resource.
 * @param {string} resource @param {string} issuer
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function protectedResourceMetadata(resource, issuer) {
  return { resource, authorization_servers: [issuer], scopes_supported: [...SCOPE_IDS] };
}

/**
 * The RFC 9728 URL of a resource: the well-known segment inserted before its path.
 * @param {string} resource
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function protectedResourceMetadataUrl(resource) {
  const url = new URL(resource);
  return `${url.origin}${PR_METADATA_PATH}${url.pathname === '/' ? '' : url.pathname}`;
}
