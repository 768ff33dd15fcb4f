// Hosts that never leave this machine: plain http: to them cannot be read or changed on the way.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for a URL to this machine (`localhost`, `127.0.0.1`, `[::1]`). */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/** True for `https:`, or for plain `http:` to a loopback host when allowed. */
export function usesAllowedScheme(url: URL, allowInsecureLoopback: boolean): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && allowInsecureLoopback && isLoopback(url));
}

/**
 * `value` (a string, or a `URL` to copy) as an absolute URL, resolved against `base` when given; undefined
 * when it is not one. What `URL.canParse` and `URL.parse` answer, which Safari has only from 17 and 18:
 * the SDK runs on 15.4.
 */
export function parseUrl(value: unknown, base?: string | URL): URL | undefined {
  if (typeof value !== 'string' && !(value instanceof URL)) return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * A URL taken from a server (metadata, a challenge) or from storage, when it is a string that parses and
 * passes {@link usesAllowedScheme}; undefined otherwise.
 */
export function allowedUrl(value: unknown, allowInsecureLoopback: boolean): URL | undefined {
  const url = parseUrl(value);
  return url && usesAllowedScheme(url, allowInsecureLoopback) ? url : undefined;
}

/** How a refused URL is named in a message: its scheme and host, never its path or query. */
export function describeUrl(url: URL): string {
  return url.host ? `${url.protocol}//${url.host}` : url.protocol;
}
