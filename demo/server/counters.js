// Request counters the e2e tests assert on: what the SDK actually asked of the server.

/** @typedef {ReturnType<typeof emptyCounts>} Counts */

export function emptyCounts() {
  return {
    /** Every request the server answered (preflights included, test routes not). */
    requests: 0,
    /** POST /v2/oauth/token, every one, whatever its outcome. */
    token: 0,
    /** Token requests by grant_type, counted by oidc-provider's grant events. */
    tokenByGrantType: /** @type {Record<string, number>} */ ({}),
    /** Token requests that were refused (`invalid_grant`, ...), by error code. */
    tokenErrors: /** @type {Record<string, number>} */ ({}),
    /** GETs of any metadata document (RFC 8414, OpenID, RFC 9728), both placements. */
    discovery: 0,
    discoveryByPath: /** @type {Record<string, number>} */ ({}),
    authorize: 0,
    /** The RFC 8707 `resource` of each authorization request (`(none)` when absent), by value. */
    authorizeResource: /** @type {Record<string, number>} */ ({}),
    /** The RFC 8707 `resource` of each successful token request (`(none)` when absent), by value. */
    tokenResource: /** @type {Record<string, number>} */ ({}),
    /** Steps a person completed on the server's own pages: `login`, `switch`, `consent:allow`, `consent:deny`. */
    interactions: /** @type {Record<string, number>} */ ({}),
    revocation: 0,
    registration: 0,
    jwks: 0,
    introspection: 0,
    /** Demo API requests (preflights excluded), and those by status. */
    api: 0,
    apiByStatus: /** @type {Record<string, number>} */ ({}),
    apiByMethod: /** @type {Record<string, number>} */ ({}),
  };
}

/** @param {Record<string, number>} map @param {string} key */
export function bump(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}
