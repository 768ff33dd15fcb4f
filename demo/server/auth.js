// Who is calling the REST and consent APIs: a portal user's credential, or an OAuth access token
// checked against oidc-provider's own records. Failures answer as live Telnyx does (401 code 10009,
// `WWW-Authenticate: Bearer realm="Telnyx API", error="invalid_token"`; 403 code 10010).
import { sendError } from './http.js';
import { canonicalResource } from './provider.js';

/**
 * @typedef {object} Principal
 * @property {'user' | 'oauth'} kind a portal user's credential, or an OAuth access token
 * @property {string} accountId the user acting
 * @property {(scope: string) => boolean} can whether the credential carries a scope
 * @property {string} [clientId] the OAuth client, for tokens
 * @property {string} [grantId] the grant, for tokens of the code flow
 */

/**
 * @param {object} options
 * @param {import('oidc-provider').default} options.provider
 * @param {import('./users.js').Users} options.users
 * @param {(clientId: string) => string} options.ownerOf the user a client belongs to (client_credentials tokens act as them)
 * @param {string} options.resource the REST API's resource identifier
 * @param {string} options.resourceMetadataUrl its RFC 9728 document
 * @param {() => Readonly<import('./settings.js').Settings>} options.settings
 */
export function createAuth({ provider, users, ownerOf, resource, resourceMetadataUrl, settings }) {
  /** grantId -> epoch ms of the last API call with one of its tokens, for `last_used_at`. */
  const lastUsed = new Map();

  /** @param {string} value @returns {Promise<Principal | undefined>} */
  async function fromToken(value) {
    const token = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
    if (!token || token.isExpired) return undefined;
    // Tokens are resource-scoped: one for the MCP endpoint is not one for the REST API.
    if (token.aud !== undefined && canonicalResource(String(token.aud)) !== resource) return undefined;
    if (!(await provider.Client.find(token.clientId))) return undefined;
    let accountId;
    if (token.kind === 'AccessToken') {
      if (!(await provider.Grant.find(token.grantId))) return undefined; // revoked
      accountId = String(token.accountId);
      lastUsed.set(token.grantId, Date.now());
    } else {
      accountId = ownerOf(token.clientId);
    }
    const scopes = new Set(String(token.scope ?? '').split(' '));
    return {
      kind: 'oauth',
      accountId,
      clientId: token.clientId,
      grantId: token.grantId,
      can: (scope) => scopes.has(scope) || (settings().adminScope && scopes.has('admin')),
    };
  }

  return {
    lastUsed,

    /**
     * The caller behind an `Authorization: Bearer` header, or undefined when there is none or it is
     * unknown, expired, revoked or for another resource (all alike, as RFC 6750 asks).
     * @param {string | undefined} authorization
     * @returns {Promise<Principal | undefined>}
     */
    async authenticate(authorization) {
      const value = /^Bearer ([\w.~+/-]+=*)$/i.exec(authorization ?? '')?.[1];
      if (!value) return undefined;
      const user = users.userOf(value);
      if (user !== undefined) return { kind: 'user', accountId: user, can: () => true };
      return fromToken(value);
    },

    /** 401 with live Telnyx's challenge (and RFC 9728's hint when that switch is on). @param {import('node:http').ServerResponse} res */
    unauthorized(res) {
      const hint = settings().resourceMetadataHint ? `, resource_metadata="${resourceMetadataUrl}"` : '';
      return sendError(res, 401, 10009, 'The required authentication headers were either invalid or not included in the request.', {
        headers: { 'WWW-Authenticate': `Bearer realm="Telnyx API", error="invalid_token"${hint}` },
      });
    },

    /** 403 for a credential that lacks `scope`. @param {import('node:http').ServerResponse} res @param {string} scope */
    forbidden(res, scope) {
      return sendError(res, 403, 10010, `This request needs the ${scope} scope.`, {
        headers: { 'WWW-Authenticate': `Bearer realm="Telnyx API", error="insufficient_scope", scope="${scope}"` },
      });
    },
  };
}

/** @typedef {ReturnType<typeof createAuth>} Auth */
