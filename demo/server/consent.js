// Telnyx's consent API, driving oidc-provider's interactions: the authorization endpoint sends the
// browser to the portal with a consent token; the portal reads the request with
// GET /v2/oauth/consent/{consent_token} and answers with POST /v2/oauth/grants {consent_token, allowed},
// which returns the client's redirect_uri with a code (or error=access_denied), `state` and `iss`.
//
// A consent token stands for one oidc-provider Interaction. To finish it, oidc-provider must be resumed
// at /v2/oauth/authorize/{uid} with the signed `_interaction_resume` cookie it set on the authorization
// response. That cookie is kept here (and never reaches the browser), so the POST resumes in-process
// and answers with the final redirect, as the facts say Telnyx's POST does.
import { randomBytes } from 'node:crypto';

import { readJsonObject, sendError, sendJson } from './http.js';
import { ROUTES } from './provider.js';
import { scopeById } from './scopes.js';

const RESUME_COOKIE = '_interaction_resume';
const INTERACTION_COOKIES = /^_interaction(_resume)?(\.sig)?=/;

/**
 * @param {object} options
 * @param {import('oidc-provider').default} options.provider
 * @param {string} options.issuer
 * @param {string} options.portalUrl
 * @param {import('./clients.js').Clients} options.clients
 * @param {Record<string, string>} options.internalHeaders marks the server's own resume request (not counted)
 */
export function createConsents({ provider, issuer, portalUrl, clients, internalHeaders }) {
  /** @type {Map<string, { uid: string, cookie?: string }>} consent token -> its interaction */
  const byToken = new Map();
  /** @type {Map<string, string>} interaction uid -> consent token */
  const tokenOfUid = new Map();

  /** @param {string} token @returns {Promise<import('oidc-provider').Interaction | undefined>} */
  async function interactionOf(token) {
    const entry = byToken.get(token);
    const interaction = entry && (await provider.Interaction.find(entry.uid));
    if (entry && !interaction) forget(token); // expired
    return interaction;
  }

  /** @param {string} token */
  function forget(token) {
    const entry = byToken.get(token);
    byToken.delete(token);
    if (entry) tokenOfUid.delete(entry.uid);
  }

  return {
    /**
     * oidc-provider's `interactions.url`: a new consent token for the interaction, and the portal's
     * consent page carrying it in its query.
     * @param {{ uid: string }} interaction
     */
    urlFor(interaction) {
      const token = randomBytes(32).toString('base64url');
      byToken.set(token, { uid: interaction.uid });
      tokenOfUid.set(interaction.uid, token);
      return `${portalUrl}/oauth/consent?consent_token=${token}`;
    },

    /**
     * Run just before an authorization response's headers go out: keeps the resume cookies for the
     * consent token and takes oidc-provider's interaction cookies off the response.
     * @param {import('node:http').ServerResponse} res
     */
    takeInteractionCookies(res) {
      const header = res.getHeader('set-cookie');
      if (header === undefined) return;
      const lines = Array.isArray(header) ? header : [String(header)];
      const pairs = lines.map((line) => line.split(';', 1)[0]?.trim() ?? '');
      const uid = pairs.find((pair) => pair.startsWith(`${RESUME_COOKIE}=`))?.slice(RESUME_COOKIE.length + 1);
      const entry = uid === undefined ? undefined : byToken.get(tokenOfUid.get(uid) ?? '');
      if (entry) entry.cookie = pairs.filter((pair) => pair.startsWith(RESUME_COOKIE)).join('; ');
      const kept = lines.filter((line) => !INTERACTION_COOKIES.test(line));
      if (kept.length > 0) res.setHeader('set-cookie', kept);
      else res.removeHeader('set-cookie');
    },

    /**
     * GET /v2/oauth/consent/{consent_token}: what the consent screen shows.
     * @param {import('node:http').ServerResponse} res @param {string} token
     */
    async view(res, token) {
      const interaction = await interactionOf(token);
      if (!interaction) return invalidToken(res);
      const params = /** @type {Record<string, string | undefined>} */ (interaction.params);
      const client = await provider.Client.find(String(params.client_id));
      if (!client) return invalidToken(res);
      const metadata = client.metadata();
      const scopes = String(params.scope ?? '').split(' ').filter(Boolean);
      sendJson(res, 200, {
        data: {
          client_id: client.clientId,
          name: metadata.client_name ?? client.clientId,
          logo_uri: metadata.logo_uri ?? null,
          tos_uri: metadata.tos_uri ?? null,
          policy_uri: metadata.policy_uri ?? null,
          redirect_uri: params.redirect_uri,
          requested_scopes: scopes.map((id) => {
            const known = scopeById(id);
            return { id, name: known?.name ?? id, description: known?.description ?? '' };
          }),
          verified: clients.verified(client.clientId),
        },
      });
      return 200;
    },

    /**
     * POST /v2/oauth/grants: the user's answer. The consent token is spent whatever happens next.
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     * @param {string} accountId the signed-in portal user
     * @returns {Promise<{ status: number, decision?: 'allow' | 'deny' }>}
     */
    async decide(req, res, accountId) {
      const body = await readJsonObject(req);
      const keys = Object.keys(body ?? {}).sort().join(',');
      if (!body || keys !== 'allowed,consent_token' || typeof body.allowed !== 'boolean' || typeof body.consent_token !== 'string') {
        return { status: sendError(res, 422, 10015, 'The body must be {"consent_token": string, "allowed": boolean}.') };
      }
      // Spent before anything is awaited: two answers racing for one token cannot both go through.
      const entry = byToken.get(body.consent_token);
      forget(body.consent_token);
      const interaction = entry && (await provider.Interaction.find(entry.uid));
      if (!interaction || !entry.cookie) return { status: invalidToken(res) };
      const { cookie } = entry;

      if (body.allowed) {
        const { client_id: clientId, scope, resource } = /** @type {Record<string, any>} */ (interaction.params);
        const grant = new provider.Grant({ accountId, clientId });
        if (scope) {
          grant.addOIDCScope(scope);
          for (const indicator of [resource].flat().filter(Boolean)) grant.addResourceScope(indicator, scope);
        }
        interaction.result = { login: { accountId }, consent: { grantId: await grant.save() } };
      } else {
        interaction.result = { error: 'access_denied', error_description: 'The user denied the request.' };
      }
      await interaction.persist();

      // oidc-provider finishes the authorization request and redirects to the client: code or error,
      // with state and iss.
      const resumed = await fetch(`${issuer}${ROUTES.authorization}/${interaction.uid}`, {
        headers: { cookie, ...internalHeaders },
        redirect: 'manual',
      });
      await resumed.body?.cancel();
      const location = resumed.headers.get('location');
      if (resumed.status < 300 || resumed.status >= 400 || !location) {
        return { status: sendError(res, 422, 10015, 'The authorization request could not be completed; start again from the app.') };
      }
      sendJson(res, 200, { redirect_uri: location });
      return { status: 200, decision: body.allowed ? 'allow' : 'deny' };
    },
  };
}

/** @param {import('node:http').ServerResponse} res */
function invalidToken(res) {
  return sendError(res, 422, 10015, 'The consent token is invalid, expired or already used.', { source: { pointer: '/consent_token' } });
}

/** @typedef {ReturnType<typeof createConsents>} Consents */
