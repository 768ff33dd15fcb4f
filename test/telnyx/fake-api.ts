// The network edge, faked: a fetch that answers like the Telnyx API with real Request/Response objects,
// records what it was sent, and fails the test (via verify()) when a route was set up but never used or a
// request matched no route.
import { afterEach } from 'vitest';

export const BASE = 'https://api.telnyx.com/v2';

export interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

interface Route {
  method: string;
  path: string;
  handlers: Handler[];
  hits: number;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { ...init, headers });
}

export function fakeApi(base: string = BASE, { verifyAfterEach = true } = {}) {
  const routes: Route[] = [];
  const sent: Sent[] = [];
  const unexpected: string[] = [];

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    sent.push({ method: request.method, url, headers: new Headers(request.headers), body: await request.clone().text() });
    // A route's path is relative to the base URL, or absolute (the well-known documents live at the root).
    const route = routes.find((r) => r.method === request.method && (/^https?:/.test(r.path) ? r.path : base + r.path) === url.origin + url.pathname);
    if (!route) {
      unexpected.push(`${request.method} ${url.href}`);
      return new Response('no such route in the fake', { status: 501 });
    }
    // Handlers answer in turn; the last one keeps answering.
    const handler = route.handlers[Math.min(route.hits, route.handlers.length - 1)]!;
    route.hits++;
    return handler(request, url);
  };

  const api = {
    fetch,
    sent,
    /** Answers `method path` (relative to the base URL, or an absolute URL) with each handler in turn. */
    on(method: string, path: string, ...handlers: Array<Handler | Response>) {
      routes.push({
        method,
        path,
        // A Response body can be read once: clone per use so a route can answer repeatedly.
        handlers: handlers.map((h) => (typeof h === 'function' ? h : () => h.clone())),
        hits: 0,
      });
      return api;
    },
    verify() {
      const unused = routes.filter((r) => r.hits === 0).map((r) => `${r.method} ${r.path}`);
      if (unused.length > 0) throw new Error(`fake routes set up but never used: ${unused.join(', ')}`);
      if (unexpected.length > 0) throw new Error(`requests no fake route expected: ${unexpected.join(', ')}`);
    },
  };
  if (verifyAfterEach) created.push(api);
  return api;
}

const created: Array<{ verify(): void }> = [];
afterEach(() => {
  const all = created.splice(0);
  for (const api of all) api.verify();
});

