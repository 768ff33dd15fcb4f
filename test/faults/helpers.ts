/**
 * What every fault case asserts, in one place: the typed error, what IndexedDB holds afterwards (read
 * directly, as another tab or a later page load would see it), and the requests that went out.
 */
import { expect, vi } from 'vitest';
import { LoginError, type LoginErrorCode } from '../../src/index.js';
import { openApp, visit } from '../helpers/app.js';
import { API, APP, CLIENT_ID, ISSUER, type FakeServer } from '../helpers/fake-server.js';
import type { LoginOptions } from '../../src/index.js';
import { configDatabase, LEASE, METADATA, PENDING, sessionDatabase, TOKENS } from '../../src/session/schema.js';
import { stored } from '../helpers/storage.js';

/** Everything the SDK keeps for (issuer, client), straight from IndexedDB. */
export async function readSession(issuer = ISSUER, clientId = CLIENT_ID) {
  const session = sessionDatabase(issuer, clientId);
  // Pending sign-ins are kept by state, one per sign-in under way.
  const pendings = Object.values((await stored(session, PENDING)) ?? {}).sort((a, b) => a.createdAt - b.createdAt);
  return {
    tokens: await stored(session, TOKENS),
    /** The latest pending sign-in; undefined when none is left. */
    pending: pendings.at(-1),
    pendings,
    lease: await stored(session, LEASE),
    metadata: await stored(configDatabase({ issuer: new URL(issuer) }), METADATA),
  };
}

/** `value` is a LoginError with `code` (and whatever else is given); returns it typed. */
export function expectLoginError(value: unknown, code: LoginErrorCode, more: Partial<Pick<LoginError, 'error' | 'errorDescription' | 'status'>> = {}): LoginError {
  expect(value).toBeInstanceOf(LoginError);
  expect(value).toMatchObject({ code, ...more });
  return value as LoginError;
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.unreachable(`expected a rejection, got ${String(value)}`),
    (err: unknown) => err,
  );
}

/** Requests to the token endpoint, by grant type (queued fault responses included, unlike `counts`). */
export function tokenRequests(server: FakeServer, grantType?: 'authorization_code' | 'refresh_token') {
  return server.log.filter(
    (entry) => entry.url === `${server.issuer}/oauth/token` && (grantType === undefined || new URLSearchParams(entry.body).get('grant_type') === grantType),
  ).length;
}

/** Requests to one URL (no query), in order. */
export const requestsTo = (server: FakeServer, url: string) => server.log.filter((entry) => entry.url.split('?')[0] === url);

/** No request but those to the API origin ever carried an Authorization header. */
export function expectNoBearerOutsideApi(server: FakeServer): void {
  const leaks = server.log.filter((entry) => entry.authorization !== null && new URL(entry.url).origin !== API);
  expect(leaks).toEqual([]);
}

/**
 * Starts a redirect sign-in on `start` and lets the fake authorization server answer it. Returns the
 * callback URL the browser would land on, and the `state` the SDK sent.
 */
export async function startSignIn(server: FakeServer, overrides: Partial<LoginOptions> = {}, start = `${APP}/settings`, decision: { deny?: boolean } = {}) {
  visit(start);
  const app = openApp(server, overrides);
  await app.login.ready;
  await app.login.signIn();
  app.login.dispose();
  const authorization = new URL(app.navigations[0]!);
  const callback = new URL(await server.authorize(authorization.href, decision));
  return { callback, state: authorization.searchParams.get('state')! };
}

/**
 * Awaits `promise` on fake timers (setTimeout faked): lets real tasks run, since fake-indexeddb answers in
 * setImmediate, which is not faked, and moves the clock to each timer that is set meanwhile (a backoff, a
 * tab polling for the refresh lease, a request's timeout). At most 100 turns: a lease taken meanwhile
 * (10 s) never lapses. Only where every request may time out: the clock does not wait for one in flight.
 */
export async function onFakeTimers<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < 100 && !settled; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersToNextTimerAsync();
  }
  return promise;
}

/** Lands on `url` (a new page load) and waits for the controller to settle. */
export async function land(server: FakeServer, url: URL | string, overrides: Partial<LoginOptions> = {}) {
  visit(String(url));
  const app = openApp(server, overrides);
  await app.login.ready;
  return app;
}

/** A callback URL with its query replaced by `params`. */
export function withParams(callback: URL, params: Record<string, string | null>): URL {
  const url = new URL(callback.href);
  for (const [name, value] of Object.entries(params)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url;
}

/** Token endpoint response with a JSON body. */
export const tokenJson = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch handler that answers only when the request is aborted, rejecting with the abort reason. */
export const hangUntilAborted = (request: Request): Promise<Response> =>
  new Promise((_resolve, reject) => {
    if (request.signal.aborted) reject(request.signal.reason);
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

/**
 * A fetch handler for a server that never answers a client whose timeout is `ms`, on fake timers
 * (setTimeout faked): once the request is in, the clock moves on `ms`, and the client's timeout aborts it.
 */
export const hangPastTimeout =
  (ms: number) =>
  (request: Request): Promise<Response> => {
    const hung = hangUntilAborted(request);
    void vi.advanceTimersByTimeAsync(ms);
    return hung;
  };

/** What fetch does offline. */
export const offline = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));
