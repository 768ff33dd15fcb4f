// The REST API beside the authorization server, in Telnyx's shapes: /v2/oauth_grants, /v2/oauth_clients
// and /v2/phone_numbers, each guarded by a scope; lists paged with page[number] / page[size].
import { readJsonObject, sendError, sendJson } from './http.js';
import { phoneNumbersOf } from './phone-numbers.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * The scope each operation needs. Telnyx does not say which scope guards its OAuth management API;
 * reading it is "authentication and access", and changing it (there is no such write scope) is
 * account management.
 */
export const GUARDS = Object.freeze({
  read: 'authentication_and_access.read',
  write: 'account_management.write',
  phoneNumbers: 'numbers.read',
});

/** Collection -> methods on the collection, methods on one item. */
const ROUTES = /** @type {const} */ ({
  oauth_grants: [['GET'], ['GET', 'DELETE']],
  oauth_clients: [['GET', 'POST'], ['GET', 'PUT', 'DELETE']],
  phone_numbers: [['GET'], []],
});

/** The API paths this module answers. @param {string} path */
export const isApiPath = (path) => /^\/v2\/(oauth_grants|oauth_clients|phone_numbers)(\/[\w.~-]+)?$/.test(path);

/**
 * One page of `items`, or the parameter that is not a valid page number or size.
 * @template T
 * @param {T[]} items @param {URLSearchParams} query
 */
export function paginate(items, query) {
  const number = Number(query.get('page[number]') ?? 1);
  const size = Number(query.get('page[size]') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(number) || number < 1) return { invalid: 'page[number]' };
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return { invalid: 'page[size]' };
  const start = (number - 1) * size;
  return {
    page: {
      data: items.slice(start, start + size),
      meta: { page_number: number, page_size: size, total_pages: Math.max(1, Math.ceil(items.length / size)), total_results: items.length },
    },
  };
}

/**
 * @typedef {object} ApiContext
 * @property {import('./auth.js').Auth} auth
 * @property {import('./grants.js').Grants} grants
 * @property {import('./clients.js').Clients} clients
 */

/**
 * Handles one API request (preflights excluded: CORS is the caller's).
 * @param {ApiContext} api
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {Promise<number>} the status sent, for the counters
 */
export async function handleApi(api, req, res, url) {
  // isApiPath let through ids of unreserved characters only: nothing to decode.
  const [, , collection = '', id] = url.pathname.split('/');
  const methods = /** @type {readonly string[]} */ (ROUTES[/** @type {keyof typeof ROUTES} */ (collection)][id === undefined ? 0 : 1]);
  const method = req.method ?? 'GET';
  if (methods.length === 0) return sendError(res, 404, 10005, `No such resource: ${url.pathname}`);
  if (!methods.includes(method)) {
    return sendError(res, 405, 10015, `${method} is not allowed here; use ${methods.join(' or ')}.`, { headers: { Allow: methods.join(', ') } });
  }

  const principal = await api.auth.authenticate(req.headers.authorization);
  if (!principal) return api.auth.unauthorized(res);
  const scope = collection === 'phone_numbers' ? GUARDS.phoneNumbers : method === 'GET' ? GUARDS.read : GUARDS.write;
  if (!principal.can(scope)) return api.auth.forbidden(res, scope);

  /** @param {unknown[]} items */
  const list = (items) => {
    const { page, invalid } = paginate(items, url.searchParams);
    if (invalid) return sendError(res, 422, 10015, `${invalid} must be a whole number, page[size] at most ${MAX_PAGE_SIZE}.`, { source: { parameter: invalid } });
    sendJson(res, 200, page);
    return 200;
  };
  /** @param {unknown} record */
  const one = (record) => {
    sendJson(res, 200, { data: record });
    return 200;
  };

  if (collection === 'phone_numbers') return list(phoneNumbersOf(principal.accountId));

  if (collection === 'oauth_grants') {
    const mine = api.grants.listFor(principal.accountId);
    if (id === undefined) return list(mine);
    const grant = mine.find((g) => g.id === id);
    if (!grant) return sendError(res, 404, 10005, `No OAuth grant ${id}.`);
    if (method === 'DELETE') await api.grants.revoke(id);
    return one(grant);
  }

  // oauth_clients
  if (id === undefined && method === 'GET') return list(api.clients.list());
  if (method === 'GET') {
    const client = api.clients.find(/** @type {string} */ (id));
    return client ? one(client) : sendError(res, 404, 10005, `No OAuth client ${id}.`);
  }
  if (method === 'DELETE') return api.clients.remove(res, /** @type {string} */ (id));
  const body = await readJsonObject(req);
  if (!body) return sendError(res, 422, 10015, 'The body must be a JSON object.');
  return id === undefined ? api.clients.create(res, body, principal.accountId) : api.clients.update(res, id, body);
}
