// The local authorization server: oidc-provider under /v2 at Telnyx's paths, RFC 8414 and RFC 9728
// metadata at both placements, and a protected demo API beside it.
import { once } from 'node:events';
import { createServer } from 'node:http';

import { handleApi } from './api.js';
import { bump, emptyCounts } from './counters.js';
import { handleInteraction } from './interactions.js';
import { API_SCOPES, DEMO_CLIENT_ID, createProvider, demoRedirectUris, page } from './provider.js';
import { MemoryStore } from './store.js';

/** Where the provider sits: the issuer's path. */
const MOUNT = '/v2';
const AS_METADATA = '/.well-known/oauth-authorization-server';
const PR_METADATA = '/.well-known/oauth-protected-resource';

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 picks a free port (default 4010)
 * @property {string} [host] a loopback address (default 127.0.0.1)
 * @property {number} [accessTokenTtl] access-token lifetime in seconds (default 300)
 * @property {string[]} [demoOrigins] origins of the SPA (default http://localhost:5173 and http://127.0.0.1:5173)
 * @property {boolean} [testRoutes] serve /__test__/counts, /__test__/reset, /__test__/config, /__test__/forget-clients (default false)
 * @property {boolean} [quiet] silence oidc-provider's console notices (default false)
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url e.g. http://localhost:4010
 * @property {string} issuer e.g. http://localhost:4010/v2
 * @property {string} resource the demo API's resource identifier
 * @property {() => import('./counters.js').Counts} counts a copy of the request counters
 * @property {() => void} resetCounts
 * @property {(seconds: number) => void} setAccessTokenTtl applies to tokens issued from now on
 * @property {() => Promise<void>} close
 */

/**
 * Starts the server. Port 0 picks a free port; the issuer uses `localhost` either way.
 * @param {ServerOptions} [options]
 * @returns {Promise<RunningServer>}
 */
export async function startServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new TypeError('"host" must be a loopback address');
  const demoOrigins = options.demoOrigins ?? ['http://localhost:5173', 'http://127.0.0.1:5173'];
  let accessTokenTtl = options.accessTokenTtl ?? 300;
  if (!Number.isInteger(accessTokenTtl) || accessTokenTtl < 1) throw new TypeError('"accessTokenTtl" must be a positive integer');
  const allowedOrigins = new Set(demoOrigins);

  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  server.listen(options.port ?? 4010, host);
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');

  const url = `http://localhost:${address.port}`;
  const issuer = `${url}${MOUNT}`;
  const resource = `${url}${MOUNT}`;
  const resourceMetadataUrl = `${url}${PR_METADATA}${MOUNT}`;
  const store = new MemoryStore();
  const restoreConsole = options.quiet ? silenceProviderNotices() : () => {};
  const provider = createProvider({ issuer, resource, accessTokenTtl: () => accessTokenTtl, demoOrigins, store });
  const providerCallback = provider.callback();
  const staticClients = [
    {
      client_id: DEMO_CLIENT_ID,
      client_name: 'telnyx-login demo',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: demoRedirectUris(demoOrigins),
      scope: 'openid profile offline_access admin',
    },
  ];
  const api = { provider, store, resource, resourceMetadataUrl, lastUsed: new Map(), staticClients };

  let counts = emptyCounts();
  provider.on('grant.success', (ctx) => {
    bump(counts.tokenByGrantType, String(ctx.oidc.params?.grant_type));
    bump(counts.tokenResource, resourceKey(ctx.oidc.params?.resource));
  });
  provider.on('grant.error', (ctx, error) => {
    bump(counts.tokenByGrantType, String(ctx.oidc?.params?.grant_type ?? 'unknown'));
    bump(counts.tokenErrors, String(error.error ?? error.name));
  });
  provider.on('access_token.saved', (token) => token.grantId && api.lastUsed.set(token.grantId, Date.now()));
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));

  const protectedResourceMetadata = {
    resource,
    authorization_servers: [issuer],
    bearer_methods_supported: ['header'],
    scopes_supported: API_SCOPES,
    resource_name: 'Local Telnyx-shaped demo API',
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const toProvider = (req, res, path = req.url ?? '/') => {
    // Mounted like express does it: oidc-provider derives its endpoint URLs from originalUrl - url.
    Object.assign(req, { originalUrl: `${MOUNT}${path}`, url: path });
    providerCallback(req, res);
  };

  handler = async (req, res) => {
    try {
      const parsed = new URL(req.url ?? '/', url);
      const path = parsed.pathname;
      const method = req.method ?? 'GET';
      const origin = req.headers.origin;

      if (options.testRoutes && path.startsWith('/__test__/')) {
        return testRoute(req, res, path);
      }
      counts.requests += 1;

      if (method === 'GET' && isMetadataPath(path)) {
        counts.discovery += 1;
        bump(counts.discoveryByPath, path);
      }

      // RFC 9728, both placements. Public documents, readable from any origin.
      if (path === `${PR_METADATA}${MOUNT}` || path === `${MOUNT}${PR_METADATA}`) {
        if (method === 'OPTIONS') return preflight(res, '*', 'GET');
        res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'max-age=300' });
        return res.end(JSON.stringify(protectedResourceMetadata));
      }
      // RFC 8414 path-inserted placement: oidc-provider itself answers the appended one under /v2.
      if (path === `${AS_METADATA}${MOUNT}`) return toProvider(req, res, `${AS_METADATA}${parsed.search}`);

      if (path.startsWith(`${MOUNT}/interaction/`)) {
        return await handleInteraction(provider, req, res, path, (step) => bump(counts.interactions, step));
      }

      if (/^\/v2\/(oauth_grants|oauth_clients)(\/|$)/.test(path)) {
        const cors = origin !== undefined && allowedOrigins.has(origin);
        if (cors) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
        }
        res.setHeader('Vary', 'Origin');
        if (method === 'OPTIONS') {
          if (!cors) return res.writeHead(403).end();
          return preflight(res, origin, 'GET, DELETE');
        }
        counts.api += 1;
        bump(counts.apiByMethod, method);
        const status = await handleApi(api, req, res, parsed);
        bump(counts.apiByStatus, String(status));
        return;
      }

      if (path === `${MOUNT}/oauth/token` && method === 'POST') counts.token += 1;
      if (path === `${MOUNT}/oauth/authorize` && method === 'GET') {
        counts.authorize += 1;
        bump(counts.authorizeResource, resourceKey(parsed.searchParams.getAll('resource')));
      }
      if (path === `${MOUNT}/oauth/revoke` && method === 'POST') counts.revocation += 1;
      if (path === `${MOUNT}/oauth/jwks` && method === 'GET') counts.jwks += 1;
      if (path === `${MOUNT}/oauth/introspect` && method === 'POST') counts.introspection += 1;
      if (path === `${MOUNT}/oauth/register`) {
        // oidc-provider leaves registration without CORS; SPAs register from the browser (RFC 7591).
        if (origin !== undefined && allowedOrigins.has(origin)) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Vary', 'Origin');
          if (method === 'OPTIONS') return preflight(res, origin, 'POST');
        }
        if (method === 'POST') counts.registration += 1;
      }

      if (path === MOUNT || path.startsWith(`${MOUNT}/`)) {
        return toProvider(req, res, `${(req.url ?? '/').slice(MOUNT.length) || '/'}`);
      }
      if (path === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(
          page('Local authorization server', `<h1>Local Telnyx-shaped authorization server</h1><p>Issuer <code>${issuer}</code>. Metadata: <a href="${MOUNT}${AS_METADATA}">${MOUNT}${AS_METADATA}</a>.</p>`),
        );
      }
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: '10005', title: 'Resource not found', detail: path }] }));
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: '10007', title: 'Unexpected error', detail: 'see server log' }] }));
    }
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {string} path */
  function testRoute(req, res, path) {
    // For the test runner in Node only: a browser page (which always sends Origin on these) is refused.
    if (req.headers.origin !== undefined) return res.writeHead(403).end();
    const json = (/** @type {unknown} */ body) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (path === '/__test__/counts' && req.method === 'GET') return json(counts);
    if (path === '/__test__/reset' && req.method === 'POST') {
      counts = emptyCounts();
      return json(counts);
    }
    if (path === '/__test__/config' && req.method === 'POST') {
      const ttl = Number(new URL(req.url ?? '/', url).searchParams.get('accessTokenTtl'));
      if (!Number.isInteger(ttl) || ttl < 1) return res.writeHead(400).end();
      accessTokenTtl = ttl;
      return json({ accessTokenTtl });
    }
    // What a restart of this in-memory server does to apps that registered: their client_id is unknown.
    if (path === '/__test__/forget-clients' && req.method === 'POST') {
      const forgotten = store.list('Client').map((client) => String(client.client_id));
      for (const id of forgotten) store.delete(`Client:${id}`);
      return json({ forgotten });
    }
    res.writeHead(404).end();
  }

  return {
    url,
    issuer,
    resource,
    counts: () => structuredClone(counts),
    resetCounts: () => {
      counts = emptyCounts();
    },
    setAccessTokenTtl: (seconds) => {
      if (!Number.isInteger(seconds) || seconds < 1) throw new TypeError('"seconds" must be a positive integer');
      accessTokenTtl = seconds;
    },
    close: async () => {
      restoreConsole();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
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

/** @param {string} path */
function isMetadataPath(path) {
  return (
    path === `${AS_METADATA}${MOUNT}` ||
    path === `${MOUNT}${AS_METADATA}` ||
    path === `${PR_METADATA}${MOUNT}` ||
    path === `${MOUNT}${PR_METADATA}` ||
    path === '/.well-known/openid-configuration/v2' ||
    path === `${MOUNT}/.well-known/openid-configuration`
  );
}

/** @param {import('node:http').ServerResponse} res @param {string} origin @param {string} methods */
function preflight(res, origin, methods) {
  res.writeHead(204, {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  });
  res.end();
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
