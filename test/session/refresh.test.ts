import { del } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginError } from '../../src/index.js';
import { sessionDatabase, TOKENS } from '../../src/session/schema.js';
import { API, CLIENT_ID, fakeServer, ISSUER } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';
import { database } from '../helpers/storage.js';
import { land, readSession, startSignIn } from '../faults/helpers.js';

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

  it('keeps the granted scope and the user when a refresh response leaves them out', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const before = login.state;
    expect(before).toMatchObject({ scope: 'openid profile admin', user: { sub: 'alice' } });
    server.queue(server.tokenPath, async (request) => {
      const { scope: _omitted, ...body } = (await (await server.respond(request)).json()) as Record<string, unknown>;
      return Response.json(body);
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const token = await login.getAccessToken();
    expect(server.unusedQueued()).toBe(0);
    expect(login.state).toMatchObject({ status: 'signed-in', scope: before.scope, user: before.user });
    expect(login.state.expiresAt).toBeGreaterThan(before.expiresAt!);
    expect(token).toMatch(/^at-/);
  });

  it('keeps refreshing with what each refresh stored: nothing revoked, every new token accepted by the API', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let round = 1; round <= 3; round++) {
      later(100);
      const token = await login.getAccessToken();
      expect(server.counts.refresh).toBe(round);
      expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
      expect(token).toBe((await readSession()).tokens?.accessToken);
    }
    expect(server.counts.revoke).toBe(0);
  });

  it('a session without a refresh token (none was issued) ends when its token expires: login_required, signed-out, nothing stored, no request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { callback } = await startSignIn(server);
    server.queue(server.tokenPath, async (request) => {
      const { refresh_token: _none, scope: _unsaid, ...body } = (await (await server.respond(request)).json()) as Record<string, unknown>;
      return Response.json(body);
    });
    const { login } = await land(server, callback);
    expect(login.state).toMatchObject({ status: 'signed-in', scope: undefined });
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = await login.getAccessToken().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'login_required', message: 'The access token expired and there is no refresh token' });
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'login_required' });
    expect((await readSession()).tokens).toBeUndefined();
    expect(server.counts.refresh).toBe(0);
  });

  it('a session another tab removed from storage without a word: the next refresh finds none → login_required, signed-out, no request', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    await del(TOKENS.name, database(sessionDatabase(ISSUER, CLIENT_ID)));
    vi.useFakeTimers({ toFake: ['Date'] });
    later(100);
    const error = await login.getAccessToken().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'login_required', message: 'There is no session to refresh' });
    expect(login.state.status).toBe('signed-out');
    expect(server.counts.refresh).toBe(0);
  });
});
