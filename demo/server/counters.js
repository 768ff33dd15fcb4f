// Request counters the e2e tests assert on: what clients actually asked of the server.

/** @typedef {ReturnType<typeof emptyCounts>} Counts */

export function emptyCounts() {
  return {
    /**
     * Every request to the API origin, except CORS preflights (a browser may cache those), test routes
     * and the server's own resume step.
     */
    requests: 0,
    /** Those requests by the status answered. */
    byStatus: /** @type {Record<string, number>} */ ({}),
    /** CORS preflights (OPTIONS), whatever their outcome. */
    preflights: 0,
    /** GETs of any well-known path, served or not, and by path. */
    discovery: 0,
    discoveryByPath: /** @type {Record<string, number>} */ ({}),
    /** GET /v2/oauth/authorize, and the RFC 8707 `resource` of each (`(none)` when absent), by value. */
    authorize: 0,
    authorizeResource: /** @type {Record<string, number>} */ ({}),
    /** POST /v2/oauth/token, every one; by grant_type, refusals by error code, and successes by `resource`. */
    token: 0,
    tokenByGrantType: /** @type {Record<string, number>} */ ({}),
    tokenErrors: /** @type {Record<string, number>} */ ({}),
    tokenResource: /** @type {Record<string, number>} */ ({}),
    /** Requests a test made the server fail (POST /__test__/fail-next), by `METHOD path`; also counted above. */
    injected: /** @type {Record<string, number>} */ ({}),
    /** POST /v2/oauth/register. */
    registration: 0,
    jwks: 0,
    /** POST /v2/oauth/introspect, and by status (429: the rate limit). */
    introspection: 0,
    introspectionByStatus: /** @type {Record<string, number>} */ ({}),
    /**
     * The consent API: `views` (GET /v2/oauth/consent/{token}, answered 200), `allow` and `deny` (POST
     * /v2/oauth/grants that completed), `refused` (any 4xx from either).
     */
    consent: { views: 0, allow: 0, deny: 0, refused: 0 },
    /** The portal origin: page loads and sign-ins (user credentials minted). */
    portal: { pages: 0, signIns: 0 },
    /** REST API requests (/v2/oauth_grants, /v2/oauth_clients, /v2/phone_numbers), by status, method and collection. */
    api: 0,
    apiByStatus: /** @type {Record<string, number>} */ ({}),
    apiByMethod: /** @type {Record<string, number>} */ ({}),
    apiByResource: /** @type {Record<string, number>} */ ({}),
  };
}

/** @param {Record<string, number>} map @param {string} key */
export function bump(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}
