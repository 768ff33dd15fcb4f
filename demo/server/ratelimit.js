// A fixed-window rate limit, as live Telnyx puts on introspection: 5 calls per 60 s per client, the
// 6th answered 429 (code 10011) with `ratelimit-*` and `Retry-After` headers.

/**
 * @param {object} options
 * @param {number} options.limit calls per window
 * @param {number} options.window seconds
 */
export function createRateLimit({ limit, window }) {
  /** @type {Map<string, { start: number, used: number }>} key -> the current window */
  const windows = new Map();
  return {
    /**
     * Spends one call for `key`; answers whether it was allowed and the headers to send either way.
     * @param {string} key @param {number} [now] epoch ms
     */
    take(key, now = Date.now()) {
      let current = windows.get(key);
      if (!current || now - current.start >= window * 1000) windows.set(key, (current = { start: now, used: 0 }));
      const allowed = current.used < limit;
      if (allowed) current.used += 1;
      const reset = Math.max(1, Math.ceil((current.start + window * 1000 - now) / 1000));
      /** @type {Record<string, string>} */
      const headers = {
        // The form live Telnyx sends (an early draft of the IETF RateLimit fields).
        'RateLimit-Limit': `${limit}, ${limit};w=${window}`,
        'RateLimit-Remaining': String(limit - current.used),
        'RateLimit-Reset': String(reset),
      };
      if (!allowed) headers['Retry-After'] = String(reset);
      return { allowed, headers };
    },
    /** Every window starts again (tests). */
    clear: () => windows.clear(),
  };
}
