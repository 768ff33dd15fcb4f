// The portal: a second origin, as Telnyx's consent lives in portal.telnyx.com and not on the API host.
// It serves one page and its module script (no build step), and signs users in (any name, no password)
// by minting a user credential the consent API accepts.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

import { escapeHtml, readJsonObject, sendJson } from './http.js';
import { USER_NAME } from './users.js';

/**
 * @param {object} options
 * @param {number} options.port 0 picks a free port
 * @param {string} options.host
 * @param {string} options.apiOrigin where the page calls the consent API
 * @param {import('./users.js').Users} options.users
 * @param {(event: 'pages' | 'signIns') => void} options.count
 */
export async function startPortal({ port, host, apiOrigin, users, count }) {
  const files = new URL('./portal/', import.meta.url);
  const [html, script] = await Promise.all([readFile(new URL('index.html', files), 'utf8'), readFile(new URL('app.js', files), 'utf8')]);
  const page = html.replace('%API_ORIGIN%', escapeHtml(apiOrigin));
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    `connect-src 'self' ${apiOrigin}`,
    // Client logos are wherever the client says.
    'img-src http: https: data:',
    "form-action 'self'",
    "base-uri 'none'",
    // A consent page must never be framed by the app it grants access to.
    "frame-ancestors 'none'",
  ].join('; ');

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://portal').pathname;
    try {
      if (req.method === 'GET' && (path === '/' || path === '/oauth/consent')) {
        count('pages');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': csp });
        return res.end(page);
      }
      if (req.method === 'GET' && path === '/app.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
        return res.end(script);
      }
      if (req.method === 'POST' && path === '/session') {
        const name = (await readJsonObject(req))?.username;
        if (typeof name !== 'string' || !USER_NAME.test(name)) return sendJson(res, 422, { error: 'invalid user name' });
        count('signIns');
        return sendJson(res, 200, { token: users.mint(name), user: name });
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('portal has no port');
  return {
    url: `http://localhost:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
