// Fault matrix, refresh: only invalid_grant ends a session; every transient failure keeps the tokens,
// retries a bounded number of times and lets a later call succeed; tabs never spend a rotating refresh
// token twice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login } from '../../src/index.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';
import { API, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, hangUntilAborted, offline, onFakeTimers, readSession, rejectionOf, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

/** A signed-in page whose access token (100 s) is due for refresh, and what storage held before. */
async function dueForRefresh(server: FakeServer, overrides = {}) {
  const { login } = await signedIn(server, overrides);
  const before = await readSession();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 100_000);
  return { login, before };
}

/** A transient refresh failure: typed, tokens kept in memory and in IndexedDB, still signed in. */
async function expectKept(login: Login, before: Awaited<ReturnType<typeof readSession>>, error: unknown, code: 'network' | 'timeout' | 'server_error') {
  expectLoginError(error, code);
  expect(login.state.status).toBe('signed-in');
  expect(login.state.reason).toBeUndefined();
  expect((await readSession()).tokens).toEqual(before.tokens);
}

describe('refresh faults', () => {
  it('refresh: invalid_grant → invalid_grant, signed-out with reason invalid_grant and an event, tokens deleted, one request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const events: unknown[] = [];
    login.on('signed-out', (event) => events.push(event));
    server.revokeAll();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    const error = await rejectionOf(login.getAccessToken());
    expectLoginError(error, 'invalid_grant', { error: 'invalid_grant', status: 400 });
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'invalid_grant', error });
    expect(events).toEqual([{ reason: 'invalid_grant', error }]);
    expect((await readSession()).tokens).toBeUndefined();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect((await openApp(server).login.ready).status).toBe('signed-out');
    expectNoBearerOutsideApi(server);
  });

  it('refresh: network loss → network after 1 try + 2 retries, tokens kept; a later call succeeds with one more request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, before } = await dueForRefresh(server, { refreshRetries: 2, retryDelay: 0 });
    for (let i = 0; i < 3; i++) server.queue(server.tokenPath, offline);
    await expectKept(login, before, await rejectionOf(login.getAccessToken()), 'network');
    expect(tokenRequests(server, 'refresh_token')).toBe(3);
    expect(server.unusedQueued()).toBe(0);

    const token = await login.getAccessToken();
    expect(token).not.toBe(before.tokens?.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(4);
    expect((await readSession()).tokens?.accessToken).toBe(token);
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
    expectNoBearerOutsideApi(server);
  });

  it('refresh: 502 on every try → server_error with status 502 after 1 + refreshRetries requests, tokens kept; then recovers', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, before } = await dueForRefresh(server, { refreshRetries: 1 });
    for (let i = 0; i < 2; i++) server.queue(server.tokenPath, () => new Response('upstream down', { status: 502 }));
    const error = await rejectionOf(login.getAccessToken());
    await expectKept(login, before, error, 'server_error');
    expect(error).toMatchObject({ status: 502 });
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
    expect(await login.getAccessToken()).toMatch(/^at-/);
    expect(tokenRequests(server, 'refresh_token')).toBe(3);
  });

  it('refresh: 503 with Retry-After: 1 → waits it out and retries once: signed-in, new tokens stored, two requests', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, before } = await dueForRefresh(server, { refreshRetries: 2 });
    server.queue(server.tokenPath, () => new Response(null, { status: 503, headers: { 'retry-after': '1' } }));
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const token = await onFakeTimers(login.getAccessToken());
    expect(token).not.toBe(before.tokens?.accessToken);
    expect(login.state.status).toBe('signed-in');
    expect((await readSession()).tokens?.accessToken).toBe(token);
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
  });

  it('refresh: 503 with a Retry-After too long to block a caller (120 s) → server_error 503 at once, tokens kept, one request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, before } = await dueForRefresh(server, { refreshRetries: 3 });
    server.queue(server.tokenPath, () => new Response(null, { status: 503, headers: { 'retry-after': '120' } }));
    const error = await rejectionOf(login.getAccessToken());
    await expectKept(login, before, error, 'server_error');
    expect(error).toMatchObject({ status: 503 });
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('refresh: no answer within the timeout → timeout after 1 + refreshRetries requests, tokens kept, signed-in', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, before } = await dueForRefresh(server, { refreshRetries: 1, retryDelay: 0, timeout: 50 });
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    for (let i = 0; i < 2; i++) server.queue(server.tokenPath, hangUntilAborted);
    await expectKept(login, before, await rejectionOf(onFakeTimers(login.getAccessToken())), 'timeout');
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
    expect(server.unusedQueued()).toBe(0);
  });

  it('refresh: two tabs refreshing a rotating token at once → one request, the same new token in both, never invalid_grant', async () => {
    const server = fakeServer({ accessTokenTtl: 100, rotateRefreshTokens: true });
    const { before } = await dueForRefresh(server);
    const tabA = openApp(server).login;
    const tabB = openApp(server).login;
    await Promise.all([tabA.ready, tabB.ready]);
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const [a, b] = await onFakeTimers(Promise.all([tabA.getAccessToken(), tabB.getAccessToken()]));
    expect(a).toBe(b);
    expect(a).not.toBe(before.tokens?.accessToken);
    expect(tabA.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(tabB.state).toMatchObject({ status: 'signed-in', error: undefined });
    const after = await readSession();
    expect(after.tokens?.accessToken).toBe(a);
    expect(after.tokens?.refreshToken).not.toBe(before.tokens?.refreshToken);
    expect(after.lease).toBeUndefined();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(server.counts.refresh).toBe(1);
  });

  it('refresh: three tabs without the Web Locks API (IndexedDB lease) → one request, one token, lease released', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    await dueForRefresh(server);
    const withoutLocks = { environment: { locks: undefined } };
    const tabs = [openApp(server, withoutLocks).login, openApp(server, withoutLocks).login, openApp(server, withoutLocks).login];
    await Promise.all(tabs.map((tab) => tab.ready));
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const tokens = await onFakeTimers(Promise.all(tabs.map((tab) => tab.getAccessToken())));
    expect(new Set(tokens).size).toBe(1);
    for (const tab of tabs) expect(tab.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(await readSession()).toMatchObject({ tokens: { accessToken: tokens[0] }, lease: undefined });
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('refresh: a background tab waking 6 h after expiry → a fresh token on first use, one request, the API call succeeds', async () => {
    const server = fakeServer({ accessTokenTtl: 300 });
    const { login } = await signedIn(server);
    const before = await readSession();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6 * 3600_000);
    const res = await login.fetch(`${API}/v2/oauth_grants`);
    expect(res.status).toBe(200);
    const after = await readSession();
    expect(after.tokens?.accessToken).not.toBe(before.tokens?.accessToken);
    expect(after.tokens!.expiresAt).toBe(after.tokens!.receivedAt + 300_000);
    expect(login.state).toMatchObject({ status: 'signed-in', expiresAt: after.tokens!.expiresAt });
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(server.log.filter((entry) => entry.url.startsWith(API)).map((entry) => entry.authorization)).toEqual([`Bearer ${after.tokens!.accessToken}`]);
    expectNoBearerOutsideApi(server);
  });
});

describe('refresh backoff, on the clock', () => {
  /** Answers the next token requests with `answers` (undefined: the server's own), noting the clock at each. */
  function answerAt(server: FakeServer, answers: ((() => Response) | undefined)[]) {
    const times: number[] = [];
    for (const answer of answers) {
      server.queue(server.tokenPath, (request) => {
        times.push(Date.now());
        return answer ? answer() : server.respond(request);
      });
    }
    return times;
  }
  const unavailable = (headers: Record<string, string> = {}) => () => new Response(null, { status: 503, headers });

  it('refresh: 503 twice without Retry-After → retried after retryDelay, then after twice that: 500 ms, 1000 ms; signed-in on the third request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await dueForRefresh(server, { refreshRetries: 2, retryDelay: 500 });
    const times = answerAt(server, [unavailable(), unavailable(), undefined]);
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await onFakeTimers(login.getAccessToken());
    expect(times.map((time) => time - times[0]!)).toEqual([0, 500, 1500]);
    expect(login.state.status).toBe('signed-in');
  });

  it('refresh: 503 with Retry-After: 10, the longest a caller waits → waited out, then retried once: signed-in', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await dueForRefresh(server, { refreshRetries: 1, retryDelay: 0 });
    const times = answerAt(server, [unavailable({ 'retry-after': '10' }), undefined]);
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    await onFakeTimers(login.getAccessToken());
    expect(times.map((time) => time - times[0]!)).toEqual([0, 10_000]);
  });

  it('refresh: a failure says it was the refresh that failed', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await dueForRefresh(server, { refreshRetries: 0 });
    server.queue(server.tokenPath, unavailable());
    const error = expectLoginError(await rejectionOf(login.getAccessToken()), 'server_error');
    expect(error.message).toMatch(/^Refresh/);
  });
});

