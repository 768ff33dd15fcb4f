// Node-side helpers for talking OAuth to the demo server without a browser: a cookie jar and PKCE.
import { createHash, randomBytes } from 'node:crypto';

/** Cookies by name; path and expiry do not matter for one short conversation with one server. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A user agent that follows redirects by hand, so each hop can be inspected. */
export class Agent {
  readonly jar = new CookieJar();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** Follows up to `max` redirects; stops at the first response that is not a redirect or leaves `origin`. */
  async follow(url: string, origin: string, init: RequestInit = {}, max = 10): Promise<Response> {
    let response = await this.request(url, init);
    for (let hop = 0; hop < max; hop++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      const next = new URL(location, response.url || url);
      if (next.origin !== origin) return response;
      await response.body?.cancel();
      response = await this.request(next.href);
    }
    throw new Error(`more than ${max} redirects`);
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** The hidden inputs of an HTML page, form-encoded (what an auto-submitting form would post). */
export function hiddenInputs(html: string): string {
  return new URLSearchParams([...html.matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(([, k = '', v = '']) => [k, v])).toString();
}

/** The `action` of the first form on an HTML page. */
export function formAction(html: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no form on the page');
  return action;
}
