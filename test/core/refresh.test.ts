import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginError } from '../../src/index.js';
import { fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('getAccessToken()', () => {
  it('answers from memory while the token is fresh: no request at all', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const before = server.log.length;
    const tokens = await Promise.all(Array.from({ length: 50 }, () => login.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(server.log.length).toBe(before);
  });

  it('refreshes ahead of expiry (default leeway 60 s), once for many concurrent callers', async () => {
    const server = fakeServer({ accessTokenTtl: 3600 });
    const { login } = await signedIn(server);
    const first = await login.getAccessToken();
    vi.useFakeTimers({ toFake: ['Date'] });
    later(3600 - 59);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => login.getAccessToken()));
    expect(server.counts.refresh).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first);
    expect(login.state.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('honours a configured leeway', async () => {
    const server = fakeServer({ accessTokenTtl: 3600 });
    const { login } = await signedIn(server, { refreshLeeway: 600 });
    vi.useFakeTimers({ toFake: ['Date'] });
    later(3600 - 599);
    await login.getAccessToken();
    expect(server.counts.refresh).toBe(1);
  });

  it('a background tab waking long after expiry gets a fresh token on use', async () => {
    const server = fakeServer({ accessTokenTtl: 300 });
    const { login } = await signedIn(server);
    vi.useFakeTimers({ toFake: ['Date'] });
    later(6 * 3600);
    const token = await login.getAccessToken();
    const res = await login.fetch('https://api.localhost/v2/oauth_grants');
    expect(res.status).toBe(200);
    expect(server.counts.refresh).toBe(1);
    expect(token).toMatch(/^at-/);
  });

  it('keeps the refresh token when the server does not rotate it', async () => {
    const server = fakeServer({ accessTokenTtl: 100, rotateRefreshTokens: false });
    const { login } = await signedIn(server);
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    await login.getAccessToken();
    later(100);
    await login.getAccessToken();
    expect(server.counts.refresh).toBe(2);
    expect(login.state.status).toBe('signed-in');
  });

  it('throws login_required when signed out', async () => {
    const { login } = openApp(fakeServer());
    const error = await login.getAccessToken().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoginError);
    expect((error as LoginError).code).toBe('login_required');
  });
});

describe('refresh failures', () => {
  it('invalid_grant clears the tokens, signs out with the reason and emits an event', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const events: unknown[] = [];
    login.on('signed-out', (event) => events.push(event));
    server.revokeAll();
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = await login.getAccessToken().catch((err: unknown) => err);
    expect((error as LoginError).code).toBe('invalid_grant');
    expect((error as LoginError).error).toBe('invalid_grant');
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'invalid_grant' });
    expect(events).toEqual([expect.objectContaining({ reason: 'invalid_grant' })]);
    // Cleared for real: a new page load finds no session.
    expect((await openApp(server).login.ready).status).toBe('signed-out');
  });

  it('a network failure keeps the tokens, retries with backoff, then a later call succeeds', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server, { refreshRetries: 2, retryDelay: 0 });
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    for (let i = 0; i < 3; i++) server.queue(server.tokenPath, offline);
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = await login.getAccessToken().catch((err: unknown) => err);
    expect((error as LoginError).code).toBe('network');
    expect(server.unusedQueued()).toBe(0); // 1 try + 2 retries, then it stopped
    expect(login.state.status).toBe('signed-in');
    const token = await login.getAccessToken();
    expect(token).toMatch(/^at-/);
    expect(server.counts.refresh).toBe(1);
  });

  it('a 5xx keeps the tokens and surfaces server_error after bounded retries', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server, { refreshRetries: 1 });
    for (let i = 0; i < 2; i++) server.queue(server.tokenPath, () => new Response('upstream down', { status: 502 }));
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = (await login.getAccessToken().catch((err: unknown) => err)) as LoginError;
    expect(error.code).toBe('server_error');
    expect(error.status).toBe(502);
    expect(server.unusedQueued()).toBe(0);
    expect(login.state.status).toBe('signed-in');
    expect(await login.getAccessToken()).toMatch(/^at-/);
  });

  it('does not wait for a Retry-After longer than it is willing to block a caller', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server, { refreshRetries: 3 });
    server.queue(server.tokenPath, () => new Response(null, { status: 503, headers: { 'retry-after': '120' } }));
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = (await login.getAccessToken().catch((err: unknown) => err)) as LoginError;
    expect(error.code).toBe('server_error');
    expect(error.status).toBe(503);
    expect(server.counts.refresh).toBe(0); // the queued 503 answered; nothing else was sent
  });
});

describe('across tabs', () => {
  it('two tabs refreshing a rotating token at once: one refresh request, neither gets invalid_grant', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    await signedIn(server);
    const tabA = openApp(server).login;
    const tabB = openApp(server).login;
    await Promise.all([tabA.ready, tabB.ready]);
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const [a, b] = await Promise.all([tabA.getAccessToken(), tabB.getAccessToken()]);
    expect(a).toBe(b);
    expect(server.counts.refresh).toBe(1);
    expect(tabA.state.status).toBe('signed-in');
    expect(tabB.state.status).toBe('signed-in');
  });

  it('the same holds without the Web Locks API (IndexedDB lease fallback)', async () => {
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks') ?? Object.getOwnPropertyDescriptor(navigator, 'locks');
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
    try {
      const server = fakeServer({ accessTokenTtl: 100 });
      await signedIn(server);
      const tabs = [openApp(server).login, openApp(server).login, openApp(server).login];
      await Promise.all(tabs.map((tab) => tab.ready));
      vi.useFakeTimers({ toFake: ['Date'] });
      later(100);
      const tokens = await Promise.all(tabs.map((tab) => tab.getAccessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(server.counts.refresh).toBe(1);
    } finally {
      delete (navigator as { locks?: unknown }).locks;
      if (locks && !Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks')) Object.defineProperty(navigator, 'locks', locks);
    }
  });
});
