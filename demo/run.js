#!/usr/bin/env node
// `npm run demo`: the local Telnyx look-alike on :4010, its portal on :4011 and the demo app on :5173,
// one command, no network.
import { startServer } from './server/index.js';
import { startDemoApp } from './vite.js';

const APP_PORT = Number(process.env.DEMO_PORT ?? 5173);
const appOrigins = [`http://localhost:${APP_PORT}`, `http://127.0.0.1:${APP_PORT}`];

const auth = await startServer({
  port: Number(process.env.PORT ?? 4010),
  ...(process.env.PORTAL_PORT ? { portalPort: Number(process.env.PORTAL_PORT) } : {}),
  ...(process.env.ACCESS_TOKEN_TTL ? { accessTokenTtl: Number(process.env.ACCESS_TOKEN_TTL) } : {}),
  demoOrigins: appOrigins,
  quiet: true,
});
const app = await startDemoApp({ port: APP_PORT, issuer: auth.issuer, resource: auth.resource, autoRefresh: true, logLevel: 'error' });

console.log(`
  Authorization server  ${auth.issuer}  (metadata: ${auth.issuer}/.well-known/oauth-authorization-server)
  Portal (consent)      ${auth.portalUrl}/
  Demo app              ${app.url}/

  Zero-config mode      ${app.url}/zero-config/  (knows only the API ${auth.resource})

  Open ${app.url}/ and sign in with any user name. Access tokens live ${auth.settings().accessTokenTtl} s and are
  refreshed ahead of expiry while the page is visible. Your own app on any http://localhost port signs in with
  clientId 'telnyx-login-demo' (see the README's Use section). Ctrl+C stops all three.
`);

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([app.close(), auth.close()]);
    process.exit(0);
  });
}
