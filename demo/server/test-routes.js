// /__test__/*: for a test runner in Node only (a browser page, which always sends Origin on these, is
// refused). Read the counters, reset them, read or change the switches, forget registered clients.
import { readJsonObject, sendJson } from './http.js';

/**
 * @param {object} options
 * @param {() => import('./counters.js').Counts} options.counts
 * @param {() => void} options.reset counters and rate-limit windows
 * @param {() => Readonly<import('./settings.js').Settings>} options.settings
 * @param {(changes: Record<string, unknown>) => Readonly<import('./settings.js').Settings>} options.configure throws a TypeError naming a bad switch
 * @param {() => string[]} options.forgetClients
 */
export function createTestRoutes({ counts, reset, settings, configure, forgetClients }) {
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
    res.writeHead(404).end();
  };
}
