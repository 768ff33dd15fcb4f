// The demo SPA's vite dev server, started from code so `npm run demo` and the e2e tests share one setup.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * @param {object} options
 * @param {number} options.port a fixed port (the redirect URI is registered for it)
 * @param {string} options.issuer the authorization server the app signs in with
 * @param {string} [options.resource] the API's RFC 9728 / RFC 8707 resource, all that zero-config mode
 *   (/zero-config/) knows (default issuer: Telnyx's API and issuer are one origin)
 * @param {string} [options.api] the REST API's base URL (default resource + /v2)
 * @param {boolean} [options.hmr] hot reload for people; tests turn it off (default true)
 * @param {boolean} [options.autoRefresh] the SDK's autoRefresh: on for people, so the expiry countdown shows
 *   refreshes as they happen; off for tests that count the refreshes API calls make (default false)
 * @param {import('vite').LogLevel} [options.logLevel] (default 'info')
 */
export async function startDemoApp({ port, issuer, resource = issuer, api = `${resource}/v2`, hmr = true, autoRefresh = false, logLevel = 'info' }) {
  const server = await createServer({
    configFile: false,
    root,
    logLevel,
    clearScreen: false,
    define: {
      'import.meta.env.VITE_DEMO_ISSUER': JSON.stringify(issuer),
      'import.meta.env.VITE_DEMO_RESOURCE': JSON.stringify(resource),
      'import.meta.env.VITE_DEMO_API': JSON.stringify(api),
      'import.meta.env.VITE_DEMO_AUTO_REFRESH': JSON.stringify(autoRefresh),
    },
    // Dependencies are served as the ESM they already are: no pre-bundling, so nothing is discovered
    // mid-session and no page reloads under a running sign-in.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: {
      host: 'localhost',
      port,
      strictPort: true,
      hmr,
      open: false,
      // /proxy/ mode: the API and its token endpoint through this origin, for servers that send no CORS headers.
      proxy: { '/telnyx': { target: new URL(issuer).origin, rewrite: (path) => path.replace(/^\/telnyx/, '') } },
    },
  });
  await server.listen();
  return {
    url: `http://localhost:${port}`,
    close: () => server.close(),
  };
}
