// CORS for everything a browser calls on the API origin, decided in one place. Whether api.telnyx.com
// answers CORS at all is unknown, so there are two modes: permissive (any loopback origin) and strict
// (none but the portal, whose consent calls Telnyx must allow for its own portal).

/** What the official `telnyx` npm client sends besides Authorization and Content-Type (facts §4). */
export const STAINLESS_HEADERS = Object.freeze([
  'x-stainless-lang',
  'x-stainless-package-version',
  'x-stainless-os',
  'x-stainless-arch',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-retry-count',
  'x-stainless-timeout',
]);

// user-agent too: the official client sets it, and Firefox and Safari (unlike Chromium) send a script's
// User-Agent, so their preflight asks for it; refusing it breaks that client in those browsers only.
const ALLOW_HEADERS = ['authorization', 'content-type', 'accept', 'user-agent', ...STAINLESS_HEADERS].join(', ');
const ALLOW_METHODS = 'GET, POST, PUT, DELETE';
const EXPOSE_HEADERS = [
  'www-authenticate',
  'x-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
].join(', ');

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * @param {object} options
 * @param {() => 'permissive' | 'strict'} options.mode read on every request, so tests can switch it
 * @param {string} options.portalOrigin always allowed: the portal calls the consent API cross-origin
 */
export function createCors({ mode, portalOrigin }) {
  /** @param {string | undefined} origin */
  const allowed = (origin) =>
    origin !== undefined && (origin === portalOrigin || (mode() === 'permissive' && LOOPBACK_ORIGIN.test(origin)));

  return {
    allowed,

    /**
     * Sets the response's CORS headers just before they are sent, replacing any that oidc-provider set
     * itself (it reflects any origin on some endpoints), so the mode alone decides.
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     */
    apply(req, res) {
      for (const name of res.getHeaderNames()) {
        if (name.startsWith('access-control-')) res.removeHeader(name);
      }
      const origin = req.headers.origin;
      const vary = String(res.getHeader('vary') ?? '');
      if (!/\borigin\b/i.test(vary)) res.setHeader('Vary', vary ? `${vary}, Origin` : 'Origin');
      if (!allowed(origin)) return;
      res.setHeader('Access-Control-Allow-Origin', /** @type {string} */ (origin));
      res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    },

    /**
     * Answers a preflight: the allowed headers and methods for an allowed origin, no CORS header at
     * all otherwise (the browser then refuses the real request).
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     */
    preflight(req, res) {
      const origin = req.headers.origin;
      /** @type {Record<string, string>} */
      const headers = { Vary: 'Origin' };
      if (allowed(origin) && req.headers['access-control-request-method']) {
        Object.assign(headers, {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '600',
        });
      }
      res.writeHead(204, headers);
      res.end();
    },
  };
}
