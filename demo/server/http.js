// Small HTTP helpers every route shares: JSON answers, Telnyx's error envelope, bounded body reads, HTML escaping.

/** Bodies here are small JSON or form documents; anything bigger is refused. */
const MAX_BODY_BYTES = 64 * 1024;

/** What each Telnyx error code is called (developers.telnyx.com, "API errors"). */
const TITLES = /** @type {const} */ ({
  10005: 'Resource not found',
  10007: 'Unexpected error',
  10009: 'Authentication failed',
  10010: 'Authorization failed',
  10011: 'Too many requests',
  10015: 'Bad request',
  10027: 'Invalid parameter',
});

/**
 * @typedef {keyof typeof TITLES} ErrorCode
 * @typedef {{ pointer: string } | { parameter: string }} ErrorSource
 */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body undefined for no body at all (204)
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  if (body === undefined) return void res.writeHead(status, { 'Cache-Control': 'no-store', ...headers }).end();
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Telnyx's error envelope: `{errors:[{code,title,detail,source,meta}]}`, code a string.
 * @param {ErrorCode} code @param {string} detail @param {ErrorSource} [source]
 */
export function telnyxError(code, detail, source = { pointer: '/' }) {
  return {
    errors: [{ code: String(code), title: TITLES[code], detail, source, meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` } }],
  };
}

/**
 * Answers with a Telnyx error and returns the status, for the caller's counters.
 * @param {import('node:http').ServerResponse} res @param {number} status
 * @param {ErrorCode} code @param {string} detail
 * @param {{ source?: ErrorSource, headers?: Record<string, string> }} [extra]
 */
export function sendError(res, status, code, detail, extra = {}) {
  sendJson(res, status, telnyxError(code, detail, extra.source), extra.headers);
  return status;
}

/**
 * The whole request body as a string, refusing oversized ones.
 * @param {import('node:http').IncomingMessage} req
 */
export async function readBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) throw new RangeError('request body too large');
  }
  return body;
}

/**
 * A JSON object body, or undefined when the body is not one.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
export async function readJsonObject(req) {
  try {
    const value = JSON.parse(await readBody(req));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
