// What the HTTP layer does before handing a request to oidc-provider: which paths are its, JSON bodies
// turned into the form bodies it reads (the Go and Python SDKs send JSON to /oauth/token and
// /oauth/introspect), and who the calling client is (for the introspection rate limit).
import { readBody } from './http.js';
import { ROUTES } from './provider.js';

const PROVIDER_PATHS = new RegExp(
  `^(${ROUTES.authorization}(/[\\w-]+)?|${ROUTES.token}|${ROUTES.registration}(/[\\w-]+)?|${ROUTES.introspection}|${ROUTES.jwks})$`,
);

/** The endpoints oidc-provider answers; everything else is ours (revocation, userinfo and OpenID discovery included: 404). @param {string} path */
export const isProviderPath = (path) => PROVIDER_PATHS.test(path);

/** @param {import('node:http').IncomingMessage} req */
export const isJson = (req) => /^application\/json\b/i.test(req.headers['content-type'] ?? '');

/**
 * Reads the body ahead of oidc-provider and leaves it as `req.body`, where oidc-provider looks for an
 * already-read body; a JSON object becomes the equivalent form body. Returns the parameters.
 * @param {import('node:http').IncomingMessage & { body?: string }} req
 */
export async function bufferBody(req) {
  if (req.body === undefined) {
    const raw = await readBody(req);
    req.body = raw;
    if (isJson(req)) {
      req.body = jsonToForm(raw);
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
  }
  return new URLSearchParams(req.body);
}

/**
 * Only a body that is a JSON object has parameters; anything else becomes an empty form, which
 * oidc-provider refuses as it would any request without them.
 * @param {string} raw
 */
function jsonToForm(raw) {
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    return '';
  }
  const form = new URLSearchParams();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  for (const [name, entry] of Object.entries(value)) {
    for (const item of Array.isArray(entry) ? entry : [entry]) form.append(name, typeof item === 'string' ? item : JSON.stringify(item));
  }
  return form.toString();
}

/**
 * The client a request claims to be: HTTP Basic's user name, else the body's `client_id`.
 * @param {import('node:http').IncomingMessage} req @param {URLSearchParams} params
 */
export function clientIdOf(req, params) {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const user = Buffer.from(basic, 'base64').toString('utf8').split(':', 1)[0] ?? '';
    try {
      return decodeURIComponent(user.replace(/\+/g, ' '));
    } catch {
      return user;
    }
  }
  return params.get('client_id') ?? '(none)';
}
