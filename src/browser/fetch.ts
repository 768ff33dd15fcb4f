/** What {@link authenticatedFetch} needs from the controller. */
export interface FetchDeps {
  fetch: typeof fetch;
  apiOrigins: ReadonlySet<string>;
  /** A fresh access token (may refresh). */
  getAccessToken(): Promise<string>;
  /** A token other than `rejected`, refreshed if need be; undefined when the session could not be renewed. */
  renewAccessToken(rejected: string): Promise<string | undefined>;
}

/** True when the bearer challenge says the token itself was the problem (or says nothing more specific). */
function tokenRejected(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate');
  if (!challenge) return true;
  const error = /\berror\s*=\s*"?([^",\s]+)/i.exec(challenge)?.[1];
  return error === undefined || error === 'invalid_token';
}

/**
 * `fetch` that adds `Authorization: Bearer` for the allowed API origins only (exact origin match, so
 * `https://api.telnyx.com.evil.example` gets nothing). Any other request goes out exactly as given.
 * On a 401 for a rejected token it renews the token once and retries once, if the body can be sent again.
 *
 * The origin is read from the `Request` that is really sent, built once from `input` and `init`: a
 * relative URL resolves against the document's base URL (a `<base href>` can point elsewhere), and a
 * `Request` from another realm (an iframe's) is one the browser honours though `instanceof` says no.
 * That same `Request` is what goes out, so a stream body is read only once, by whoever it was meant for.
 *
 * A redirect is left to the browser: it drops `Authorization` when a redirect leaves the origin (Fetch
 * standard, HTTP-redirect fetch; test/e2e/base-href.test.ts shows it in Chromium). `redirect: 'manual'`
 * would break same-origin redirects and cannot be followed by hand: the response is opaque.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch
 */
export function authenticatedFetch(deps: FetchDeps): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const request = new Request(input, init);
    if (!deps.apiOrigins.has(new URL(request.url).origin)) return deps.fetch(request);

    // A stream given as the body can only be read once; anything else can be cloned and replayed.
    const replay = init?.body instanceof ReadableStream ? undefined : request.clone();
    const token = await deps.getAccessToken();
    request.headers.set('authorization', `Bearer ${token}`);
    const response = await deps.fetch(request);
    if (response.status !== 401 || !replay || !tokenRejected(response)) return response;

    const renewed = await deps.renewAccessToken(token);
    if (renewed === undefined) return response;
    await response.body?.cancel();
    replay.headers.set('authorization', `Bearer ${renewed}`);
    return deps.fetch(replay);
  };
}
