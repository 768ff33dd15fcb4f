// The local Telnyx look-alike: oidc-provider behind Telnyx's paths with the issuer at the origin root,
// the discovery documents, the consent API, a REST API beside it, and the portal on a second origin.
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';

import { handleApi, isApiPath } from './api.js';
import { createAuth } from './auth.js';
import { createClients } from './clients.js';
import { createConsents } from './consent.js';
import { bump, emptyCounts } from './counters.js';
import { createCors } from './cors.js';
import { createGrants } from './grants.js';
import { sendError, sendJson } from './http.js';
import { AS_METADATA_PATHS, PR_METADATA_PATH, authorizationServerMetadata, protectedResourceMetadata, protectedResourceMetadataUrl } from './metadata.js';
import { startPortal } from './portal.js';
import { ROUTES, createProvider } from './provider.js';
import { bufferBody, clientIdOf, isJson, isProviderPath } from './provider-http.js';
import { createRateLimit } from './ratelimit.js';
import { SCOPE_IDS } from './scopes.js';
import { DEFAULT_SETTINGS, applySettings } from './settings.js';
import { MemoryStore } from './store.js';
import { createFaults, createTestRoutes } from './test-routes.js';
import { createUsers } from './users.js';

/** The pre-registered public client the demo SPA uses. */
export const DEMO_CLIENT_ID = 'telnyx-login-demo';

/** Marks the server's own resume request, which no client sent. */
const INTERNAL_HEADER = 'x-local-internal';

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 picks a free port (default 4010)
 * @property {number} [portalPort] the portal's port; 0 picks a free one (default port + 1, or 0 when port is 0)
 * @property {string} [host] a loopback address (default 127.0.0.1)
 * @property {string[]} [demoOrigins] origins of the demo SPA: its client's redirect URIs are `/` and `/callback` there
 *   (default http://localhost:5173 and http://127.0.0.1:5173)
 * @property {boolean} [testRoutes] serve /__test__/* to Node clients (default false)
 * @property {boolean} [quiet] silence oidc-provider's console notices (default false)
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url the API origin, e.g. http://localhost:4010
 * @property {string} issuer the same origin: Telnyx's issuer is its API origin
 * @property {string} portalUrl the portal origin, e.g. http://localhost:4011
 * @property {string} resource the REST API's RFC 8707 resource (the origin)
 * @property {string} mcpResource the MCP endpoint's RFC 8707 resource (origin + /v2/mcp)
 * @property {() => import('./counters.js').Counts} counts a copy of the request counters
 * @property {() => void} resetCounts also starts every rate-limit window again
 * @property {() => Readonly<import('./settings.js').Settings>} settings
 * @property {(changes: Partial<import('./settings.js').Settings>) => Readonly<import('./settings.js').Settings>} configure
 * @property {(seconds: number) => void} setAccessTokenTtl applies to tokens issued from now on
 * @property {() => Promise<void>} close
 */

/**
 * Redirect URIs registered for the demo client: the app root, /callback and the proxy mode's /proxy/ of
 * every demo origin.
 * @param {string[]} origins
 */
export function demoRedirectUris(origins) {
  return origins.flatMap((origin) => [`${origin}/`, `${origin}/callback`, `${origin}/proxy/`]);
}

/**
 * Starts the API origin and the portal. The URLs use `localhost` whatever the listening address.
 * @param {ServerOptions & Partial<import('./settings.js').Settings>} [options] switches (settings.js) may be given here too
 * @returns {Promise<RunningServer>}
 */
export async function startServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new TypeError('"host" must be a loopback address');
  const demoOrigins = options.demoOrigins ?? ['http://localhost:5173', 'http://127.0.0.1:5173'];
  const given = Object.fromEntries(Object.keys(DEFAULT_SETTINGS).flatMap((name) => {
    const value = options[/** @type {keyof typeof DEFAULT_SETTINGS} */ (name)];
    return value === undefined ? [] : [[name, value]];
  }));
  let settings = applySettings(DEFAULT_SETTINGS, given);
  const port = options.port ?? 4010;

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');

  const url = `http://localhost:${address.port}`;
  const issuer = url;
  const resource = url;
  const mcpResource = `${url}/v2/mcp`;
  let counts = emptyCounts();
  const users = createUsers();
  const portal = await startPortal({
    port: options.portalPort ?? (port === 0 ? 0 : port + 1),
    host,
    apiOrigin: url,
    users,
    count: (event) => (counts.portal[event] += 1),
  });

  const internalHeaders = { [INTERNAL_HEADER]: randomBytes(16).toString('base64url') };
  const store = new MemoryStore();
  const restoreConsole = options.quiet ? silenceProviderNotices() : () => {};
  /** @type {import('./clients.js').Clients} */
  let clients;
  /** @type {import('./consent.js').Consents} */
  let consents;
  const provider = createProvider({
    issuer,
    resource,
    mcpResource,
    settings: () => settings,
    store,
    interactionUrl: (interaction) => consents.urlFor(interaction),
    requiresPkce: (clientId) => clients.requiresPkce(clientId),
    anyLoopbackClient: DEMO_CLIENT_ID,
  });
  const providerCallback = provider.callback();
  const resourceMetadataUrl = protectedResourceMetadataUrl(resource);
  const auth = createAuth({ provider, users, ownerOf: (id) => clients.ownerOf(id), resource, resourceMetadataUrl, settings: () => settings });
  const grants = createGrants(provider, store, auth.lastUsed);
  clients = createClients({ provider, store, settings: () => settings, revokeClientGrants: grants.revokeClient });
  consents = createConsents({ provider, issuer, portalUrl: portal.url, clients, internalHeaders });
  const cors = createCors({ mode: () => settings.cors, portalOrigin: portal.url });
  const introspectionLimit = createRateLimit({ limit: 5, window: 60 });

  await clients.seed({
    client_id: DEMO_CLIENT_ID,
    client_name: 'telnyx-login demo',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: demoRedirectUris(demoOrigins),
    scope: SCOPE_IDS.join(' '),
  });

  provider.on('grant.success', (ctx) => {
    bump(counts.tokenByGrantType, String(ctx.oidc.params?.grant_type));
    bump(counts.tokenResource, resourceKey(ctx.oidc.params?.resource));
  });
  provider.on('grant.error', (ctx, error) => {
    bump(counts.tokenByGrantType, String(ctx.oidc?.params?.grant_type ?? 'unknown'));
    bump(counts.tokenErrors, String(error.error ?? error.name));
  });
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));

  const asMetadata = authorizationServerMetadata({ issuer, routes: ROUTES, resources: [resource, mcpResource] });
  /** Public documents; `no-cache` so every fetch reaches the server and the counters see it. */
  const metadataHeaders = { 'Cache-Control': 'no-cache' };

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {URL} parsed @param {string} method
   */
  const faults = createFaults();

  async function route(req, res, parsed, method) {
    const path = parsed.pathname;
    const injected = faults.take(method, path);
    if (injected !== undefined) {
      bump(counts.injected, `${method} ${path}`);
      if (path === ROUTES.token) counts.token += 1;
      return sendJson(res, injected, { error: 'temporarily_unavailable', error_description: 'A test made the server fail this request' });
    }
    if (method === 'GET' && /^(\/v2)?\/\.well-known\//.test(path)) {
      counts.discovery += 1;
      bump(counts.discoveryByPath, path);
      if (AS_METADATA_PATHS.includes(path)) return sendJson(res, 200, asMetadata, metadataHeaders);
      if (path === PR_METADATA_PATH) return sendJson(res, 200, protectedResourceMetadata(resource, issuer), metadataHeaders);
      if (path === `${PR_METADATA_PATH}/v2/mcp`) return sendJson(res, 200, protectedResourceMetadata(mcpResource, issuer), metadataHeaders);
      return sendError(res, 404, 10005, `No such document: ${path}`);
    }

    const consentToken = /^\/v2\/oauth\/consent\/([^/]+)$/.exec(path)?.[1];
    if ((consentToken !== undefined && method === 'GET') || (path === '/v2/oauth/grants' && method === 'POST')) {
      return consentApi(req, res, consentToken);
    }

    if (isProviderPath(path)) {
      if (path === ROUTES.authorization && method === 'GET') {
        counts.authorize += 1;
        bump(counts.authorizeResource, resourceKey(parsed.searchParams.getAll('resource')));
      }
      if (path === ROUTES.token && method === 'POST') {
        counts.token += 1;
        if (isJson(req)) await bufferBody(req);
      }
      if (path === ROUTES.jwks && method === 'GET') counts.jwks += 1;
      if (path === ROUTES.registration && method === 'POST') counts.registration += 1;
      if (path === ROUTES.introspection && method === 'POST') {
        counts.introspection += 1;
        const limit = introspectionLimit.take(clientIdOf(req, await bufferBody(req)));
        for (const [name, value] of Object.entries(limit.headers)) res.setHeader(name, value);
        if (!limit.allowed) return sendError(res, 429, 10011, 'Introspection is limited to 5 calls a minute per client.');
      }
      return providerCallback(req, res);
    }

    if (isApiPath(path)) {
      counts.api += 1;
      bump(counts.apiByMethod, method);
      bump(counts.apiByResource, path.split('/')[2] ?? '');
      const status = await handleApi({ auth, grants, clients }, req, res, parsed);
      bump(counts.apiByStatus, String(status));
      return;
    }

    if (path === '/' && method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local Telnyx OAuth</title></head><body>
<h1>Local Telnyx look-alike</h1><p>Issuer <code>${issuer}</code>. Metadata:
<a href="${AS_METADATA_PATHS[0]}">${AS_METADATA_PATHS[0]}</a>. Portal: <a href="${portal.url}/">${portal.url}/</a>.</p></body></html>`);
    }
    sendError(res, 404, 10005, `No such resource: ${path}`);
  }

  /**
   * The consent API takes a portal user's credential, never an OAuth client's token.
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string | undefined} token the consent token of a GET
   */
  async function consentApi(req, res, token) {
    const principal = await auth.authenticate(req.headers.authorization);
    let status;
    if (!principal) status = auth.unauthorized(res);
    else if (principal.kind !== 'user') status = sendError(res, 403, 10010, 'The consent API needs a signed-in user, not an OAuth token.');
    else if (token !== undefined) status = await consents.view(res, token);
    else {
      const answer = await consents.decide(req, res, principal.accountId);
      status = answer.status;
      if (answer.decision) counts.consent[answer.decision] += 1;
    }
    if (token !== undefined && status === 200) counts.consent.views += 1;
    if (status >= 400 && status < 500) counts.consent.refused += 1;
  }

  // Set by /__test__/api-offline: the API drops connections unanswered, as an unreachable host would.
  let apiOffline = false;
  const testRoute = createTestRoutes({
    counts: () => counts,
    reset: () => {
      counts = emptyCounts();
      introspectionLimit.clear();
      faults.clear();
      apiOffline = false;
    },
    settings: () => settings,
    configure: (changes) => (settings = applySettings(settings, changes)),
    forgetClients: () => clients.forgetRegistered(),
    faults,
    setApiOffline: (offline) => (apiOffline = offline),
  });

  handler = async (req, res) => {
    res.setHeader('X-Request-Id', randomUUID());
    try {
      const parsed = new URL(req.url ?? '/', url);
      const method = req.method ?? 'GET';
      if (options.testRoutes && parsed.pathname.startsWith('/__test__/')) return await testRoute(req, res, parsed.pathname);
      if (apiOffline && isApiPath(parsed.pathname)) return void req.socket.destroy();
      if (method === 'OPTIONS') {
        counts.preflights += 1;
        return cors.preflight(req, res);
      }
      const internal = req.headers[INTERNAL_HEADER] === internalHeaders[INTERNAL_HEADER];
      if (!internal) counts.requests += 1;
      const authorization = parsed.pathname === ROUTES.authorization || parsed.pathname.startsWith(`${ROUTES.authorization}/`);
      const introspection = parsed.pathname === ROUTES.introspection && method === 'POST';
      beforeHead(res, (status) => {
        cors.apply(req, res);
        if (authorization) consents.takeInteractionCookies(res);
        if (introspection) bump(counts.introspectionByStatus, String(status));
        if (!internal) bump(counts.byStatus, String(status));
      });
      await route(req, res, parsed, method);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) sendError(res, 500, 10007, 'Unexpected error; see the server log.');
      else res.end();
    }
  };

  return {
    url,
    issuer,
    portalUrl: portal.url,
    resource,
    mcpResource,
    counts: () => structuredClone(counts),
    resetCounts: () => {
      counts = emptyCounts();
      introspectionLimit.clear();
    },
    settings: () => settings,
    configure: (changes) => (settings = applySettings(settings, changes)),
    setAccessTokenTtl: (seconds) => {
      settings = applySettings(settings, { accessTokenTtl: seconds });
    },
    close: async () => {
      restoreConsole();
      server.closeAllConnections();
      server.close();
      await Promise.all([once(server, 'close'), portal.close()]);
    },
  };
}

/**
 * Calls `hook` with the status just before the response's headers are written, whoever writes them
 * (our handlers or oidc-provider's Koa app, which ends with res.end()).
 * @param {import('node:http').ServerResponse} res @param {(status: number) => void} hook
 */
function beforeHead(res, hook) {
  const writeHead = res.writeHead;
  /** @type {any} */ (res).writeHead = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
    hook(status);
    return writeHead.call(this, status, ...rest);
  };
}

/**
 * How a request's RFC 8707 `resource` parameter is counted: its value(s), or `(none)`.
 * @param {unknown} value a string, a list of strings, or nothing
 */
function resourceKey(value) {
  const values = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' && v !== '');
  return values.length > 0 ? values.join(' ') : '(none)';
}

/** oidc-provider prints notices for development defaults; tests keep their output for failures. */
function silenceProviderNotices() {
  const { info, warn } = console;
  console.info = (...args) => (String(args[0]).includes('oidc-provider') ? undefined : info(...args));
  console.warn = (...args) => (String(args[0]).includes('oidc-provider') ? undefined : warn(...args));
  return () => {
    console.info = info;
    console.warn = warn;
  };
}
