// The bench pages: esbuild bundles served by a tiny loopback HTTP server, so the browser loads exactly one
// script per page and nothing but the SDKs under test talks to the authorization server.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { build } from 'esbuild';

/**
 * Bundles one page script (TypeScript or JS) for the browser.
 * @param {string} entry absolute path
 */
export async function bundlePage(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const escapeJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Serves `script` at /app.js and, for every other GET, one HTML shell that sets `window.BENCH_CONFIG` and
 * loads it (so `/` and `/callback` are the same app). `handle` may answer a request first (return true).
 * Listens on 127.0.0.1, port 0; the page origin is http://localhost:PORT, like the demo's.
 *
 * @param {{ script: string, body?: string, config?: () => object,
 *   handle?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean | Promise<boolean> }} options
 */
export async function startPageServer({ script, body = '', config = () => ({}), handle }) {
  const server = createServer(async (req, res) => {
    try {
      if (handle && (await handle(req, res))) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/app.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(script);
      }
      if (req.method !== 'GET' || path === '/favicon.ico') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>telnyx-login bench</title><link rel="icon" href="data:,">` +
          `<body>${body}<script>window.BENCH_CONFIG=${escapeJson(config())}</script><script type="module" src="/app.js"></script></body></html>`,
      );
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('page server has no port');
  return {
    origin: `http://localhost:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
