#!/usr/bin/env node
// `npm run demo`: the local authorization server on :4010 and the demo app on :5173, one command, no network.
import { startServer } from './server/index.js';
import { startDemoApp } from './vite.js';

const APP_PORT = Number(process.env.DEMO_PORT ?? 5173);
const appOrigins = [`http://localhost:${APP_PORT}`, `http://127.0.0.1:${APP_PORT}`];

const auth = await startServer({
  port: Number(process.env.PORT ?? 4010),
  accessTokenTtl: Number(process.env.ACCESS_TOKEN_TTL ?? 300),
  demoOrigins: appOrigins,
  quiet: true,
});
const app = await startDemoApp({ port: APP_PORT, issuer: auth.issuer, api: auth.resource, logLevel: 'error' });

console.log(`
  Authorization server  ${auth.issuer}  (metadata: ${auth.issuer}/.well-known/oauth-authorization-server)
  Demo app              ${app.url}/

  Zero-config mode      ${app.url}/zero-config/  (knows only the API URL ${auth.resource})

  Open ${app.url}/ and sign in with any user name. Ctrl+C stops both.
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
