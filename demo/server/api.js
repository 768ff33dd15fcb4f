// The protected demo API: Telnyx's /v2/oauth_grants and /v2/oauth_clients, answering in the seeds' shapes.
import { API_SCOPES } from './provider.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 250;

/**
 * @typedef {object} ApiContext
 * @property {import('oidc-provider').default} provider
 * @property {import('./store.js').MemoryStore} store
 * @property {string} resource the API's resource identifier
 * @property {string} resourceMetadataUrl RFC 9728 metadata URL advertised in WWW-Authenticate
 * @property {Map<string, number>} lastUsed grantId -> epoch ms of the last token use
 * @property {object[]} staticClients client metadata configured at start
 */

/** @param {number | undefined} epochSeconds */
const iso = (epochSeconds) => (typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000).toISOString() : null);

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Telnyx's error envelope. @param {string} code @param {string} title @param {string} detail */
const errorBody = (code, title, detail) => ({ errors: [{ code, title, detail }] });

/**
 * The grant as Telnyx's `oauth_grant` record.
 * @param {Record<string, any>} grant the stored Grant payload
 * @param {Map<string, number>} lastUsed
 */
function grantRecord(grant, lastUsed) {
  const scopes = new Set(String(grant.openid?.scope ?? '').split(' ').filter(Boolean));
  for (const scope of Object.values(grant.resources ?? {})) {
    for (const s of String(scope).split(' ').filter(Boolean)) scopes.add(s);
  }
  const used = lastUsed.get(grant.jti);
  return {
    record_type: 'oauth_grant',
    id: grant.jti,
    client_id: grant.clientId,
    scopes: [...scopes],
    created_at: iso(grant.iat),
    last_used_at: used === undefined ? null : new Date(used).toISOString(),
  };
}

/**
 * A client's metadata as Telnyx's `oauth_client` record.
 * @param {Record<string, any>} client registered client metadata
 */
function clientRecord(client) {
  const created = iso(client.client_id_issued_at);
  return {
    record_type: 'oauth_client',
    client_id: client.client_id,
    name: client.client_name ?? client.client_id,
    client_type: client.token_endpoint_auth_method === 'none' ? 'public' : 'confidential',
    client_secret: null,
    allowed_grant_types: client.grant_types ?? ['authorization_code'],
    allowed_scopes: String(client.scope ?? 'openid').split(' '),
    redirect_uris: client.redirect_uris ?? [],
    require_pkce: true,
    logo_uri: client.logo_uri ?? null,
    policy_uri: client.policy_uri ?? null,
    tos_uri: client.tos_uri ?? null,
    org_id: null,
    user_id: null,
    created_at: created,
    updated_at: created,
  };
}

/**
 * `page[number]` / `page[size]` as Telnyx paginates.
 * @template T
 * @param {T[]} items @param {URLSearchParams} query
 * @returns {{ data: T[], meta: { page_number: number, page_size: number, total_pages: number, total_results: number } } | undefined}
 */
function paginate(items, query) {
  const number = Number(query.get('page[number]') ?? 1);
  const size = Number(query.get('page[size]') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(number) || number < 1 || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    return undefined;
  }
  const start = (number - 1) * size;
  return {
    data: items.slice(start, start + size),
    meta: {
      page_number: number,
      page_size: size,
      total_pages: Math.max(1, Math.ceil(items.length / size)),
      total_results: items.length,
    },
  };
}

/**
 * Checks the bearer token against the provider's own records: unknown, expired, revoked (grant gone)
 * and wrong-audience tokens all fail the same way, as RFC 6750 asks.
 * @param {ApiContext} api
 * @param {string | undefined} authorization
 * @returns {Promise<{ ok: true, token: any } | { ok: false, status: number, challenge: string, detail: string }>}
 */
async function authenticate(api, authorization) {
  const rm = `resource_metadata="${api.resourceMetadataUrl}"`;
  const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(authorization ?? '');
  if (!match) {
    // No credentials: a bare challenge, no error code (RFC 6750 section 3.1).
    return { ok: false, status: 401, challenge: `Bearer realm="telnyx-demo", ${rm}`, detail: 'Missing bearer token' };
  }
  const invalid = (/** @type {string} */ detail) => ({
    ok: /** @type {const} */ (false),
    status: 401,
    challenge: `Bearer realm="telnyx-demo", error="invalid_token", error_description="${detail}", ${rm}`,
    detail,
  });

  const token = await api.provider.AccessToken.find(match[1]);
  if (!token) return invalid('The access token is unknown, expired or revoked');
  if (token.isExpired) return invalid('The access token expired');
  if (token.aud !== undefined && token.aud !== api.resource) return invalid('The access token is for another resource');
  const grant = await api.provider.Grant.find(token.grantId);
  if (!grant) return invalid('The grant behind this access token was revoked');
  const scopes = new Set(String(token.scope ?? '').split(' '));
  if (!API_SCOPES.every((s) => scopes.has(s))) {
    return {
      ok: false,
      status: 403,
      challenge: `Bearer realm="telnyx-demo", error="insufficient_scope", scope="${API_SCOPES.join(' ')}", ${rm}`,
      detail: `The access token lacks the ${API_SCOPES.join(' ')} scope`,
    };
  }
  return { ok: true, token };
}

/**
 * Handles /v2/oauth_grants[/:id] and /v2/oauth_clients. CORS is applied by the caller.
 * @param {ApiContext} api
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {Promise<number>} the status sent, for the counters
 */
export async function handleApi(api, req, res, url) {
  const route = /^\/v2\/(oauth_grants|oauth_clients)(?:\/([\w-]+))?$/.exec(url.pathname);
  if (!route) {
    sendJson(res, 404, errorBody('10005', 'Resource not found', 'No such endpoint'));
    return 404;
  }
  const [, collection, id] = route;
  const allowed = collection === 'oauth_grants' && id ? ['GET', 'DELETE'] : ['GET'];
  if (!allowed.includes(req.method ?? '')) {
    sendJson(res, 405, errorBody('10015', 'Method not allowed', `Use ${allowed.join(' or ')}`), { Allow: allowed.join(', ') });
    return 405;
  }

  const auth = await authenticate(api, req.headers.authorization);
  if (!auth.ok) {
    sendJson(res, auth.status, errorBody(auth.status === 401 ? '10009' : '10010', 'Authentication failed', auth.detail), {
      'WWW-Authenticate': auth.challenge,
    });
    return auth.status;
  }
  const { token } = auth;
  api.lastUsed.set(token.grantId, Date.now());

  if (collection === 'oauth_clients') {
    const registered = api.store.list('Client');
    const clients = [...api.staticClients, ...registered].map(clientRecord);
    const pageOf = paginate(clients, url.searchParams);
    if (!pageOf) return badPage(res);
    sendJson(res, 200, pageOf);
    return 200;
  }

  // Grants are the signed-in user's own, newest first.
  const grants = api.store
    .list('Grant')
    .filter((g) => g.accountId === token.accountId)
    .sort((a, b) => b.iat - a.iat);

  if (!id) {
    const pageOf = paginate(grants.map((g) => grantRecord(g, api.lastUsed)), url.searchParams);
    if (!pageOf) return badPage(res);
    sendJson(res, 200, pageOf);
    return 200;
  }

  const grant = grants.find((g) => g.jti === id);
  if (!grant) {
    sendJson(res, 404, errorBody('10005', 'Resource not found', `No grant ${id}`));
    return 404;
  }
  const record = grantRecord(grant, api.lastUsed);
  if (req.method === 'DELETE') await revokeGrant(api.provider, id);
  sendJson(res, 200, { data: record });
  return 200;
}

/** @param {import('node:http').ServerResponse} res */
function badPage(res) {
  sendJson(res, 422, errorBody('10015', 'Invalid page', `page[number] must be >= 1 and page[size] 1-${MAX_PAGE_SIZE}`));
  return 422;
}

/**
 * Revokes a grant the way oidc-provider does on refresh-token revocation: every token issued under it,
 * then the grant itself.
 * @param {import('oidc-provider').default} provider @param {string} grantId
 */
export async function revokeGrant(provider, grantId) {
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
  ]);
  const grant = await provider.Grant.find(grantId);
  await grant?.destroy();
}
