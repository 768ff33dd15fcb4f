#!/usr/bin/env node
// The local Telnyx look-alike on its own: node demo/server/cli.js --help
import { parseArgs } from 'node:util';

import { startServer } from './index.js';
import { DEFAULT_SETTINGS } from './settings.js';

const HELP = `Usage: node demo/server/cli.js [options]

A local look-alike of Telnyx's OAuth (issuer at the origin root, endpoints under /v2/oauth, consent in
a portal on a second port) with a REST API beside it. Loopback only, in memory, no network.

  --port <n>                  API origin and issuer port (default 4010; env PORT)
  --portal-port <n>           portal port (default port + 1; env PORTAL_PORT)
  --origin <url>              a demo app origin: the pre-registered client telnyx-login-demo gets
                              <url>/, <url>/callback and <url>/proxy/ as redirect URIs (repeatable; env
                              DEMO_ORIGINS, comma-separated; default http://localhost:5173 and
                              http://127.0.0.1:5173). It also accepts / and /callback of any loopback
                              origin (http://localhost:<port>), which live Telnyx does not
  --access-token-ttl <s>      access-token lifetime (default ${DEFAULT_SETTINGS.accessTokenTtl}; env ACCESS_TOKEN_TTL)
  --refresh-token-ttl <s>     refresh-token lifetime (default ${DEFAULT_SETTINGS.refreshTokenTtl})
  --rotation on|off           refresh-token rotation (default ${DEFAULT_SETTINGS.rotateRefreshTokens ? 'on' : 'off'})
  --cors permissive|strict    permissive: CORS for any loopback origin; strict: none but the portal
                              (default ${DEFAULT_SETTINGS.cors})
  --pkce public|always        who must use PKCE: public clients and clients with require_pkce, or
                              every client (default ${DEFAULT_SETTINGS.pkce})
  --admin-scope               accept the 2025-era "admin" scope (as every scope); live Telnyx refuses it
  --resource-metadata-hint    add RFC 9728 resource_metadata to 401 challenges; live Telnyx does not
  --test                      serve /__test__/* (counters, reset, config, forget-clients) to Node
                              clients (env TEST_ROUTES=1)
  --quiet                     silence oidc-provider's notices
  -h, --help                  this text
`;

/** @param {string} message */
function fail(message) {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      'portal-port': { type: 'string' },
      origin: { type: 'string', multiple: true },
      'access-token-ttl': { type: 'string' },
      'refresh-token-ttl': { type: 'string' },
      rotation: { type: 'string' },
      cors: { type: 'string' },
      pkce: { type: 'string' },
      'admin-scope': { type: 'boolean' },
      'resource-metadata-hint': { type: 'boolean' },
      test: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(/** @type {Error} */ (error).message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const env = process.env;
/** A number option, or undefined when not given. @param {string | undefined} value */
const number = (value) => (value === undefined ? undefined : Number(value));
if (values.rotation !== undefined && !['on', 'off'].includes(values.rotation)) fail('--rotation must be on or off');

let server;
try {
  server = await startServer({
    port: number(values.port ?? env.PORT) ?? 4010,
    portalPort: number(values['portal-port'] ?? env.PORTAL_PORT),
    demoOrigins: values.origin ?? env.DEMO_ORIGINS?.split(',').filter(Boolean),
    accessTokenTtl: number(values['access-token-ttl'] ?? env.ACCESS_TOKEN_TTL),
    refreshTokenTtl: number(values['refresh-token-ttl']),
    rotateRefreshTokens: values.rotation === undefined ? undefined : values.rotation === 'on',
    cors: /** @type {any} */ (values.cors),
    pkce: /** @type {any} */ (values.pkce),
    adminScope: values['admin-scope'],
    resourceMetadataHint: values['resource-metadata-hint'],
    testRoutes: values.test ?? env.TEST_ROUTES === '1',
    quiet: values.quiet,
  });
} catch (error) {
  fail(/** @type {Error} */ (error).message);
}
const settings = server.settings();
console.log(`Issuer  ${server.issuer}  (metadata ${server.issuer}/.well-known/oauth-authorization-server)
Portal  ${server.portalUrl}/
Access tokens ${settings.accessTokenTtl} s, rotation ${settings.rotateRefreshTokens ? 'on' : 'off'}, CORS ${settings.cors}, PKCE ${settings.pkce}`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
