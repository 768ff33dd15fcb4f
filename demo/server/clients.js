// OAuth clients: oidc-provider keeps their protocol metadata (so every client here really signs in);
// this module keeps what Telnyx adds (owner, verified, require_pkce, timestamps) and serves
// /v2/oauth_clients in Telnyx's shapes. Every user of the local server is one organization: each sees
// and manages every client, the pre-registered one and those registered dynamically included.
import { randomBytes, randomUUID } from 'node:crypto';

import { sendError, sendJson } from './http.js';
import { knownScopes } from './provider.js';
import { SCOPE_IDS } from './scopes.js';

export const ORG_ID = 'org-local';
/** The owner of clients registered through RFC 7591, which needs no credential. */
export const ANONYMOUS = 'anonymous';
/** The owner of clients registered at start. */
const SEED_OWNER = 'local-admin';

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

/**
 * @typedef {Record<string, any>} Metadata oidc-provider client metadata (RFC 7591 names)
 * @typedef {{ user_id: string, verified: boolean, require_pkce: boolean, created_at: string, updated_at: string }} Extras
 * @typedef {{ status: number, code: import('./http.js').ErrorCode, detail: string, pointer: string }} Refusal
 */

/** @param {number | undefined} seconds */
const isoFromEpoch = (seconds) => new Date((seconds ?? 0) * 1000).toISOString();

/**
 * @param {object} options
 * @param {import('oidc-provider').default} options.provider
 * @param {import('./store.js').MemoryStore} options.store
 * @param {() => Readonly<import('./settings.js').Settings>} options.settings
 * @param {(clientId: string) => Promise<void>} options.revokeClientGrants ends every grant (and token) of a deleted client
 */
export function createClients({ provider, store, settings, revokeClientGrants }) {
  /** @type {Map<string, Extras>} */
  const extras = new Map();

  /** @param {string} id @returns {Metadata | undefined} */
  const metadataOf = (id) => store.get(`Client:${id}`);

  /** A client as Telnyx's `oauth_client` record. @param {Metadata} client */
  function record(client, secret = null) {
    const extra = extras.get(client.client_id);
    const created = extra?.created_at ?? isoFromEpoch(client.client_id_issued_at);
    return {
      record_type: 'oauth_client',
      client_id: client.client_id,
      name: client.client_name ?? client.client_id,
      org_id: ORG_ID,
      user_id: extra?.user_id ?? ANONYMOUS,
      client_type: client.token_endpoint_auth_method === 'none' ? 'public' : 'confidential',
      require_pkce: extra?.require_pkce ?? client.token_endpoint_auth_method === 'none',
      allowed_grant_types: client.grant_types ?? ['authorization_code'],
      // No `scope` registered: oidc-provider lets the client ask for any of them.
      allowed_scopes: client.scope ? String(client.scope).split(' ') : [...SCOPE_IDS],
      redirect_uris: client.redirect_uris ?? [],
      logo_uri: client.logo_uri ?? null,
      tos_uri: client.tos_uri ?? null,
      policy_uri: client.policy_uri ?? null,
      // Shown once, in the answer that created it.
      client_secret: secret,
      created_at: created,
      updated_at: extra?.updated_at ?? created,
    };
  }

  /**
   * Checks a create or update body field by field; undefined when it is acceptable.
   * @param {Record<string, unknown>} body @param {boolean} creating
   * @returns {Refusal | undefined}
   */
  function refuse(body, creating) {
    const bad = (/** @type {string} */ field, /** @type {string} */ detail) => ({ status: 422, code: /** @type {const} */ (10015), detail, pointer: `/${field}` });
    const required = creating ? ['name', 'allowed_scopes', 'client_type', 'allowed_grant_types'] : [];
    for (const field of required) if (body[field] === undefined) return bad(field, `${field} is required`);
    const stringArray = (/** @type {unknown} */ v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) return bad('name', 'name must be a non-empty string');
    if (body.allowed_scopes !== undefined) {
      if (!stringArray(body.allowed_scopes)) return bad('allowed_scopes', 'allowed_scopes must be a non-empty list of scopes');
      const known = knownScopes(settings());
      if (!(/** @type {string[]} */ (body.allowed_scopes)).every((s) => known.includes(s))) {
        // Live Telnyx's answer for `admin` (2026-10-08).
        return { status: 422, code: 10027, detail: `allowed_scopes must be a subset of ${known.join(', ')}`, pointer: '/allowed_scopes' };
      }
    }
    if (body.client_type !== undefined && body.client_type !== 'public' && body.client_type !== 'confidential') {
      return bad('client_type', 'client_type must be public or confidential');
    }
    if (body.allowed_grant_types !== undefined) {
      if (!stringArray(body.allowed_grant_types) || !(/** @type {string[]} */ (body.allowed_grant_types)).every((g) => GRANT_TYPES.has(g))) {
        return bad('allowed_grant_types', `allowed_grant_types must be a non-empty list of ${[...GRANT_TYPES].join(', ')}`);
      }
    }
    if (body.redirect_uris !== undefined && !(Array.isArray(body.redirect_uris) && body.redirect_uris.every((u) => typeof u === 'string' && URL.canParse(u)))) {
      return bad('redirect_uris', 'redirect_uris must be a list of absolute URLs');
    }
    if (body.require_pkce !== undefined && typeof body.require_pkce !== 'boolean') return bad('require_pkce', 'require_pkce must be a boolean');
    for (const field of ['logo_uri', 'tos_uri', 'policy_uri']) {
      const value = body[field];
      if (value !== undefined && value !== null && !(typeof value === 'string' && URL.canParse(value))) return bad(field, `${field} must be an absolute URL`);
    }
    return undefined;
  }

  /**
   * The body's fields as oidc-provider metadata over `base`; oidc-provider's own checks run on save.
   * @param {Metadata} base @param {Record<string, any>} body
   */
  function toMetadata(base, body) {
    const next = { ...base };
    if (body.name !== undefined) next.client_name = body.name;
    if (body.allowed_scopes !== undefined) next.scope = body.allowed_scopes.join(' ');
    if (body.allowed_grant_types !== undefined) {
      next.grant_types = body.allowed_grant_types;
      next.response_types = body.allowed_grant_types.includes('authorization_code') ? ['code'] : [];
    }
    if (body.redirect_uris !== undefined) next.redirect_uris = body.redirect_uris;
    for (const field of ['logo_uri', 'tos_uri', 'policy_uri']) {
      if (body[field] === null) delete next[field];
      else if (body[field] !== undefined) next[field] = body[field];
    }
    return next;
  }

  /**
   * Validates with oidc-provider's client schema and stores. Returns its complaint, if any.
   * @param {Metadata} metadata @param {Extras} extra
   * @returns {Promise<Refusal | undefined>}
   */
  async function save(metadata, extra) {
    try {
      await provider.Client.validate(metadata);
    } catch (error) {
      return { status: 422, code: 10015, detail: String(/** @type {any} */ (error).error_description ?? error), pointer: '/' };
    }
    store.set(`Client:${metadata.client_id}`, metadata, undefined);
    extras.set(metadata.client_id, extra);
    return undefined;
  }

  return {
    /** @param {string} clientId */
    requiresPkce: (clientId) => extras.get(clientId)?.require_pkce === true,
    /** @param {string} clientId */
    ownerOf: (clientId) => extras.get(clientId)?.user_id ?? ANONYMOUS,
    /** @param {string} clientId */
    verified: (clientId) => extras.get(clientId)?.verified === true,

    /**
     * Registers a client at start (the demo's): verified, PKCE required.
     * @param {Metadata} metadata
     */
    async seed(metadata) {
      const now = new Date().toISOString();
      const refusal = await save(
        { client_id_issued_at: Math.floor(Date.now() / 1000), ...metadata },
        { user_id: SEED_OWNER, verified: true, require_pkce: true, created_at: now, updated_at: now },
      );
      if (refusal) throw new TypeError(`seed client ${metadata.client_id}: ${refusal.detail}`);
    },

    /** Every client, oldest first, as records. */
    list: () =>
      store
        .list('Client')
        .sort((a, b) => (a.client_id_issued_at ?? 0) - (b.client_id_issued_at ?? 0))
        .map((client) => record(client)),

    /** Forgets the clients registered through RFC 7591, as a restart of this in-memory server would. */
    forgetRegistered() {
      const forgotten = store.list('Client').filter((c) => !extras.has(c.client_id)).map((c) => String(c.client_id));
      for (const id of forgotten) store.delete(`Client:${id}`);
      return forgotten;
    },

    /** @param {string} id */
    find: (id) => {
      const client = metadataOf(id);
      return client && record(client);
    },

    /**
     * POST /v2/oauth_clients.
     * @param {import('node:http').ServerResponse} res @param {Record<string, any>} body @param {string} userId
     */
    async create(res, body, userId) {
      const refusal = refuse(body, true);
      if (refusal) return sendRefusal(res, refusal);
      const confidential = body.client_type === 'confidential';
      const secret = confidential ? randomBytes(32).toString('base64url') : null;
      const metadata = toMetadata(
        {
          client_id: randomUUID(),
          client_id_issued_at: Math.floor(Date.now() / 1000),
          token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
          ...(secret ? { client_secret: secret } : {}),
        },
        body,
      );
      const now = new Date().toISOString();
      const saved = await save(metadata, { user_id: userId, verified: false, require_pkce: body.require_pkce ?? false, created_at: now, updated_at: now });
      if (saved) return sendRefusal(res, saved);
      sendJson(res, 200, { data: record(metadata, secret) });
      return 200;
    },

    /**
     * PUT /v2/oauth_clients/{id}: only the fields given change.
     * @param {import('node:http').ServerResponse} res @param {string} id @param {Record<string, any>} body
     */
    async update(res, id, body) {
      const current = metadataOf(id);
      if (!current) return sendError(res, 404, 10005, `No OAuth client ${id}.`);
      const refusal = refuse(body, false);
      if (refusal) return sendRefusal(res, refusal);
      const extra = extras.get(id) ?? { user_id: ANONYMOUS, verified: false, require_pkce: current.token_endpoint_auth_method === 'none', created_at: isoFromEpoch(current.client_id_issued_at), updated_at: '' };
      const saved = await save(toMetadata(current, body), { ...extra, require_pkce: body.require_pkce ?? extra.require_pkce, updated_at: new Date().toISOString() });
      if (saved) return sendRefusal(res, saved);
      sendJson(res, 200, { data: record(/** @type {Metadata} */ (metadataOf(id))) });
      return 200;
    },

    /**
     * DELETE /v2/oauth_clients/{id}: the client, its grants and their tokens end.
     * @param {import('node:http').ServerResponse} res @param {string} id
     */
    async remove(res, id) {
      if (!metadataOf(id)) return sendError(res, 404, 10005, `No OAuth client ${id}.`);
      store.delete(`Client:${id}`);
      extras.delete(id);
      await revokeClientGrants(id);
      sendJson(res, 204, undefined);
      return 204;
    },
  };
}

/** @param {import('node:http').ServerResponse} res @param {Refusal} refusal */
function sendRefusal(res, refusal) {
  return sendError(res, refusal.status, refusal.code, refusal.detail, { source: { pointer: refusal.pointer } });
}

/** @typedef {ReturnType<typeof createClients>} Clients */
