import { ApiConnectionError } from './errors.js';
import type { Context } from './options.js';
import { endpointUrl, type Endpoint } from './paths.js';
import { apiError, readReply, type Reply } from './response.js';
import { parseRetryAfter } from '../shared/retry-after.js';
import { sleep } from '../shared/sleep.js';
import { retryDelay } from './retry.js';
import type { RequestOptions } from './types.js';

/** One API call, described. */
export interface Call {
  readonly endpoint: Endpoint;
  /** Values for the path's `{name}` placeholders. */
  readonly params?: Readonly<Record<string, string>> | undefined;
  readonly query?: URLSearchParams | undefined;
  /** Encoded as the endpoint's table row says (JSON or form). */
  readonly body?: object | undefined;
}

function encode(endpoint: Endpoint, body: object | undefined, headers: Headers): string | undefined {
  if (body === undefined) return undefined;
  if (endpoint.body === 'form') {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) if (value !== undefined && value !== null) form.set(key, String(value));
    return form.toString();
  }
  headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'));
}

/**
 * A `LoginError` from `login.fetch` that is not about the network (`login_required`, `invalid_grant`...) is
 * already typed and says what to do; wrapping it as a connection failure would hide that.
 */
function isLoginDecision(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'LoginError' && code !== 'network' && code !== 'timeout';
}

async function attempt(ctx: Context, call: Call, url: string, options: RequestOptions): Promise<Response> {
  const { endpoint } = call;
  const headers = new Headers({ accept: 'application/json' });
  const body = encode(endpoint, call.body, headers);
  // Asked per attempt: a token can be refreshed while we wait out a 429.
  if (endpoint.auth && ctx.getAccessToken) headers.set('authorization', `Bearer ${await ctx.getAccessToken()}`);
  new Headers(options.headers).forEach((value, key) => headers.set(key, value));
  const init: RequestInit = { method: endpoint.method, headers };
  if (body !== undefined) init.body = body;
  if (options.signal) init.signal = options.signal;
  try {
    return await ctx.fetch(url, init);
  } catch (cause) {
    if (isAbort(cause, options.signal) || isLoginDecision(cause)) throw cause;
    throw new ApiConnectionError(`${endpoint.method} ${endpoint.path} got no answer`, { cause });
  }
}

/**
 * Sends a call and returns its reply when 2xx; throws a `TelnyxApiError` subclass otherwise.
 * 429 is retried as `ctx.retry` allows: after `Retry-After` when sent, else with jittered backoff.
 */
export async function send(ctx: Context, call: Call, options: RequestOptions = {}): Promise<Reply> {
  const url = endpointUrl(ctx.baseUrl, call.endpoint, call.params);
  if (call.query) url.search = call.query.toString();
  const name = `${call.endpoint.method} ${call.endpoint.path}`;
  for (let retry = 0; ; retry++) {
    const response = await attempt(ctx, call, url.href, options);
    let reply: Reply;
    try {
      reply = await readReply(response, name);
    } catch (cause) {
      if (isAbort(cause, options.signal) || !(cause instanceof TypeError)) throw cause;
      throw new ApiConnectionError(`${name} broke off while reading the answer`, { cause });
    }
    if (response.ok) return reply;
    const retryAfter = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined;
    const wait = response.status === 429 ? retryDelay(retry, retryAfter, ctx.retry) : undefined;
    if (wait === undefined) throw apiError(reply, retryAfter);
    await sleep(wait, options.signal);
  }
}
