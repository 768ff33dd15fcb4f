// /__test__/*: for a test runner in Node only (a browser page, which always sends Origin on these, is
// refused). Read the counters, reset them, read or change the switches, forget registered clients, make the
// next requests to a path fail, take the API offline.
import { readJsonObject, sendJson } from './http.js';

/**
 * @param {object} options
 * @param {() => import('./counters.js').Counts} options.counts
 * @param {() => void} options.reset counters, rate-limit windows, queued faults and the API's offline switch
 * @param {() => Readonly<import('./settings.js').Settings>} options.settings
 * @param {(changes: Record<string, unknown>) => Readonly<import('./settings.js').Settings>} options.configure throws a TypeError naming a bad switch
 * @param {() => string[]} options.forgetClients
 * @param {ReturnType<typeof createFaults>} options.faults
 * @param {(offline: boolean) => void} options.setApiOffline
 */
export function createTestRoutes({ counts, reset, settings, configure, forgetClients, faults, setApiOffline }) {
  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {string} path
   */
  return async function testRoute(req, res, path) {
    if (req.headers.origin !== undefined) return res.writeHead(403).end();
    const route = `${req.method} ${path}`;
    if (route === 'GET /__test__/counts') return sendJson(res, 200, counts());
    if (route === 'POST /__test__/reset') {
      reset();
      return sendJson(res, 200, counts());
    }
    if (route === 'GET /__test__/config') return sendJson(res, 200, settings());
    if (route === 'POST /__test__/config') {
      const changes = await readJsonObject(req);
      if (!changes) return sendJson(res, 400, { error: 'the body must be a JSON object of settings' });
      try {
        return sendJson(res, 200, configure(changes));
      } catch (error) {
        return sendJson(res, 400, { error: /** @type {Error} */ (error).message });
      }
    }
    // What a restart of this in-memory server does to apps that registered: their client_id is unknown.
    if (route === 'POST /__test__/forget-clients') return sendJson(res, 200, { forgotten: forgetClients() });
    // {"method": "POST", "path": "/v2/oauth/token", "status": 503, "count": 3}: an outage, as the next requests see it.
    if (route === 'POST /__test__/fail-next') {
      const fault = await readJsonObject(req);
      try {
        faults.add(fault);
        return sendJson(res, 200, { queued: faults.pending() });
      } catch (error) {
        return sendJson(res, 400, { error: /** @type {Error} */ (error).message });
      }
    }
    // {"offline": true}: every API request's connection is dropped unanswered until {"offline": false}, so
    // every browser engine sees an unreachable host (fetch rejects), with no request interception.
    if (route === 'POST /__test__/api-offline') {
      const { offline } = (await readJsonObject(req)) ?? {};
      if (typeof offline !== 'boolean') return sendJson(res, 400, { error: 'the body must be {"offline": true | false}' });
      setApiOffline(offline);
      return sendJson(res, 200, { apiOffline: offline });
    }
    res.writeHead(404).end();
  };
}

/**
 * Failures a test queued for the next requests to one `METHOD path`: answered with the status and an
 * RFC 6749 `temporarily_unavailable` body (what a token endpoint in an outage sends) before anything else.
 */
export function createFaults() {
  /** @type {Map<string, { status: number, left: number }>} */
  const queued = new Map();
  return {
    /** @param {{ method?: unknown, path?: unknown, status?: unknown, count?: unknown } | undefined} fault */
    add(fault) {
      const { method = 'POST', path, status, count = 1 } = fault ?? {};
      if (typeof method !== 'string' || typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('"method" and "path" must be strings');
      if (!Number.isInteger(status) || Number(status) < 400 || Number(status) > 599) throw new TypeError('"status" must be 400-599');
      if (!Number.isInteger(count) || Number(count) < 1 || Number(count) > 100) throw new TypeError('"count" must be 1-100');
      queued.set(`${method} ${path}`, { status: Number(status), left: Number(count) });
    },
    /** The status to fail this request with, if a fault is queued for it. @param {string} method @param {string} path */
    take(method, path) {
      const fault = queued.get(`${method} ${path}`);
      if (!fault) return undefined;
      if (--fault.left === 0) queued.delete(`${method} ${path}`);
      return fault.status;
    },
    pending: () => Object.fromEntries([...queued].map(([key, { left }]) => [key, left])),
    clear: () => queued.clear(),
  };
}
