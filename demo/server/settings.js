// The server's switches: where the facts about Telnyx say "unknown", both answers are one setting away.
// Settable at start (startServer options, cli.js flags) and at run time (configure(), /__test__/config).

/**
 * @typedef {object} Settings
 * @property {number} accessTokenTtl access-token lifetime in seconds (live: 1800)
 * @property {number} refreshTokenTtl refresh-token lifetime in seconds (unknown live; 30 days here)
 * @property {boolean} rotateRefreshTokens a refresh returns a new refresh token and spends the old one (unknown live)
 * @property {'permissive' | 'strict'} cors permissive: every loopback origin; strict: only the portal (unknown live)
 * @property {boolean} adminScope accept the 2025-era `admin` scope as "every scope" (live refuses it)
 * @property {boolean} resourceMetadataHint add RFC 9728 `resource_metadata` to 401 challenges (live does not)
 * @property {'public' | 'always'} pkce who must use PKCE: public clients and clients with `require_pkce`, or every client
 */

/** @type {Readonly<Settings>} */
export const DEFAULT_SETTINGS = Object.freeze({
  accessTokenTtl: 1800,
  refreshTokenTtl: 30 * 24 * 3600,
  rotateRefreshTokens: true,
  cors: 'permissive',
  adminScope: false,
  resourceMetadataHint: false,
  pkce: 'public',
});

const positiveInteger = (/** @type {unknown} */ value) => Number.isInteger(value) && /** @type {number} */ (value) > 0;
const boolean = (/** @type {unknown} */ value) => typeof value === 'boolean';

/** @type {Record<keyof Settings, [check: (value: unknown) => boolean, expected: string]>} */
const RULES = {
  accessTokenTtl: [positiveInteger, 'a positive integer'],
  refreshTokenTtl: [positiveInteger, 'a positive integer'],
  rotateRefreshTokens: [boolean, 'a boolean'],
  cors: [(value) => value === 'permissive' || value === 'strict', '"permissive" or "strict"'],
  adminScope: [boolean, 'a boolean'],
  resourceMetadataHint: [boolean, 'a boolean'],
  pkce: [(value) => value === 'public' || value === 'always', '"public" or "always"'],
};

/**
 * Checks every given switch by name and returns `current` with them applied; unknown names and bad
 * values throw a TypeError naming the switch, so nothing is half-applied.
 * @param {Readonly<Settings>} current
 * @param {Record<string, unknown>} changes
 * @returns {Readonly<Settings>}
 */
export function applySettings(current, changes) {
  for (const [name, value] of Object.entries(changes)) {
    const rule = RULES[/** @type {keyof Settings} */ (name)];
    if (!rule) throw new TypeError(`unknown setting "${name}"`);
    if (!rule[0](value)) throw new TypeError(`"${name}" must be ${rule[1]}`);
  }
  return Object.freeze({ ...current, ...changes });
}
