// login.fetch in each browser engine: the bearer token goes only where the request is really sent. happy-dom
// ignores <base href> and has one realm, so this runs in the browser: a page on the app's origin (its own
// vite server, rooted at the repository, serving /src/...) signs in through the SDK's own path (a `fetch`
// option that answers the authorization server with real Responses), lists its own origin in apiOrigins,
// and sends requests a page can be tricked into: relative URLs under injected markup, an iframe's Request,
// a redirect off the origin. A recorder on another loopback origin says what arrived there.
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launch, selectedEngines, type Browser, type Page } from './driver/index.js';
import { freshContext } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/__e2e__/base-href.html';
const TOKEN = 'at-e2e-base-href-secret';

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  /** A preflight's Access-Control-Request-Headers: lists `authorization` when the page tried to send it. */
  requestedHeaders: string | undefined;
}

let browser: Browser;
let app: ViteDevServer;
let appOrigin: string;
let recorder: Server;
let otherOrigin: string;
const recorded: Recorded[] = [];

/** A server on another loopback origin that lets any page send it anything (CORS wide open), and records it. */
function startRecorder(): Promise<Server> {
  const server = createHttpServer((request: IncomingMessage, response) => {
    recorded.push({
      method: request.method ?? '',
      path: request.url ?? '',
      authorization: request.headers.authorization,
      requestedHeaders: request.headers['access-control-request-headers'],
    });
    response.writeHead(200, {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*, authorization',
      'access-control-allow-methods': 'GET, POST',
      'content-type': 'text/plain',
    });
    response.end('recorded');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The app's own server: the SDK's modules, an empty page, an echo of Authorization, a redirect off the origin. */
async function startApp(): Promise<ViteDevServer> {
  const server = await createViteServer({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    clearScreen: false,
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: 'localhost', port: 0, hmr: false, open: false },
    plugins: [
      {
        name: 'base-href-pages',
        configureServer(vite) {
          vite.middlewares.use((request, response, next) => {
            const path = (request.url ?? '').split('?')[0];
            if (path === PAGE) {
              response.setHeader('content-type', 'text/html');
              // The SDK as an app loads it; vite serves /src/... as ES modules.
              response.end('<!doctype html><title>base href</title><script type="module">window.sdk = import("/src/index.ts")</script><body></body>');
            } else if (path === '/__e2e__/echo') {
              response.setHeader('content-type', 'text/plain');
              response.end(request.headers.authorization ?? 'none');
            } else if (path === '/__e2e__/redirect-out') {
              response.writeHead(302, { location: `${otherOrigin}/redirected` });
              response.end();
            } else {
              next();
            }
          });
        },
      },
    ],
  });
  await server.listen();
  return server;
}

beforeAll(async () => {
  recorder = await startRecorder();
  otherOrigin = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  app = await startApp();
  appOrigin = `http://localhost:${(app.httpServer!.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => recorder?.close(resolve));
});
beforeEach(() => {
  recorded.length = 0;
});

/**
 * Creates the controller in the page as an app would, with the app's own origin in apiOrigins. Its
 * `fetch` answers the authorization server (an https: issuer that never leaves the page) with real
 * Responses and sends everything else to the network; `navigate` comes straight back with a code.
 */
async function createPageLogin(page: Page): Promise<string> {
  await expect.poll(() => page.evaluate(() => 'sdk' in window)).toBe(true);
  return page.evaluate(async ({ token }) => {
    const { createLogin } = await (window as unknown as { sdk: Promise<typeof import('../../src/index.js')> }).sdk;
    const issuer = 'https://auth.example.test/';
    const realFetch = globalThis.fetch.bind(globalThis);
    const login = createLogin({
      issuer,
      clientId: 'base-href-client',
      redirectUri: `${location.origin}${location.pathname}`,
      apiOrigins: [location.origin],
      allowInsecureLoopback: true,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        if (url.origin !== new URL(issuer).origin) return realFetch(request);
        if (url.pathname === '/.well-known/oauth-authorization-server') {
          return Response.json({ issuer, authorization_endpoint: `${issuer}authorize`, token_endpoint: `${issuer}token`, response_types_supported: ['code'] });
        }
        if (url.pathname === '/token') return Response.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
        return new Response(null, { status: 404 });
      },
      navigate: (url) => {
        const state = new URL(url).searchParams.get('state') ?? '';
        location.assign(`${location.pathname}?code=c-1&state=${encodeURIComponent(state)}`);
      },
    });
    (window as unknown as { login: typeof login }).login = login;
    return (await login.ready).status;
  }, { token: TOKEN });
}

/** A page of the app, signed in through the SDK's own sign-in (redirect, callback, code exchange). */
async function signedInPage(): Promise<Page> {
  const page = await (await freshContext(browser)).newPage();
  await page.goto(`${appOrigin}${PAGE}`);
  expect(await createPageLogin(page)).toBe('signed-out');
  await page.evaluate(() => void (window as unknown as { login: { signIn(): Promise<void> } }).login.signIn());
  await expect.poll(() => page.url()).toMatch(/[?&]code=/);
  expect(await createPageLogin(page)).toBe('signed-in');
  // The session works: the app's own origin gets the token (so "no token elsewhere" below means something).
  const echo = await page.evaluate(async () => (await (window as unknown as { login: { fetch: typeof fetch } }).login.fetch('/__e2e__/echo')).text());
  expect(echo).toBe(`Bearer ${TOKEN}`);
  return page;
}

/** What arrived at the recorder for `path`, the preflight (if any) included. */
const arrivedAt = (path: string) => recorded.filter((entry) => entry.path === path);

describe.each(selectedEngines())('%s: login.fetch, the token goes where the request really goes', (engine) => {
  beforeAll(async () => {
    browser = await launch(engine);
  });
  afterAll(() => browser?.close());

  it('base href: a relative URL under an injected <base href> to another origin → the request goes there without Authorization', async () => {
    const page = await signedInPage();
    const status = await page.evaluate(async (other) => {
      // Injected markup, no script needed: a <base> the app did not write.
      const base = document.createElement('base');
      base.href = `${other}/`;
      document.head.prepend(base);
      const response = await (window as unknown as { login: { fetch: typeof fetch } }).login.fetch('stolen/path');
      return response.status;
    }, otherOrigin);
    expect(status).toBe(200);
    const arrived = arrivedAt('/stolen/path');
    expect(arrived.length).toBeGreaterThan(0); // the browser did resolve against the base: the request went there
    expect(arrived.map((entry) => entry.authorization)).toEqual(arrived.map(() => undefined));
    expect(arrived.map((entry) => entry.requestedHeaders ?? '')).not.toContainEqual(expect.stringContaining('authorization'));
    expect(recorded.some((entry) => entry.authorization !== undefined)).toBe(false);
  });

  it("cross-realm Request: an iframe's Request for another origin → sent there without Authorization", async () => {
    const page = await signedInPage();
    const status = await page.evaluate(async (other) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const FrameRequest = (frame.contentWindow as unknown as { Request: typeof Request }).Request;
      const request = new FrameRequest(`${other}/cross-realm`);
      const response = await (window as unknown as { login: { fetch: typeof fetch } }).login.fetch(request);
      return response.status;
    }, otherOrigin);
    expect(status).toBe(200);
    expect(arrivedAt('/cross-realm').length).toBeGreaterThan(0);
    expect(recorded.some((entry) => entry.authorization !== undefined)).toBe(false);
    expect(recorded.map((entry) => entry.requestedHeaders ?? '')).not.toContainEqual(expect.stringContaining('authorization'));
  });

  it('redirect: an allowed origin answering 302 to another origin → the browser follows it and drops Authorization', async () => {
    const page = await signedInPage();
    const status = await page.evaluate(async () => (await (window as unknown as { login: { fetch: typeof fetch } }).login.fetch('/__e2e__/redirect-out')).status);
    expect(status).toBe(200);
    expect(arrivedAt('/redirected').length).toBeGreaterThan(0);
    expect(recorded.some((entry) => entry.authorization !== undefined)).toBe(false);
  });
});
