#!/usr/bin/env node
// node demo/server/cli.js [--port 4010] [--access-token-ttl 300] [--origin http://localhost:5173 ...] [--test]
import { parseArgs } from 'node:util';

import { startServer } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'access-token-ttl': { type: 'string' },
    origin: { type: 'string', multiple: true },
    test: { type: 'boolean' },
  },
});

const env = process.env;
const port = Number(values.port ?? env.PORT ?? 4010);
const accessTokenTtl = Number(values['access-token-ttl'] ?? env.ACCESS_TOKEN_TTL ?? 300);
const demoOrigins = values.origin ?? env.DEMO_ORIGINS?.split(',').filter(Boolean);

const server = await startServer({
  port,
  accessTokenTtl,
  demoOrigins,
  testRoutes: values.test ?? env.TEST_ROUTES === '1',
});
console.log(`Authorization server: issuer ${server.issuer} (access tokens live ${accessTokenTtl}s)`);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
