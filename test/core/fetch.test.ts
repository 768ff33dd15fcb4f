import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const bearerTo = (server: ReturnType<typeof fakeServer>, origin: string) =>
  server.log.filter((entry) => new URL(entry.url).origin === origin && entry.authorization !== null);

describe('login.fetch()', () => {
  it('adds the bearer token for an allowed API origin', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const res = await login.fetch(`${API}/v2/oauth_grants`);
    expect(res.status).toBe(200);
    expect(server.log.at(-1)?.authorization).toBe(`Bearer ${await login.getAccessToken()}`);
  });

  it.each([
    ['a foreign origin', 'https://other.localhost/v2/oauth_grants'],
    ['a lookalike origin', 'https://api.localhost.evil.localhost/v2/oauth_grants'],
    ['another port', 'https://api.localhost:8443/v2/oauth_grants'],
    ['plain http on the same host', 'http://api.localhost/v2/oauth_grants'],
  ])('sends %s the request untouched, never a token', async (_name, url) => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const init = { method: 'POST', headers: { 'x-trace': '1' }, body: 'hello' };
    const res = await login.fetch(url, init);
    expect(res.status).toBe(200);
    const sent = server.log.at(-1)!;
    expect(sent).toMatchObject({ url, method: 'POST', authorization: null, body: 'hello' });
    expect(bearerTo(server, new URL(url).origin)).toHaveLength(0);
  });

  it('on 401 invalid_token refreshes once and retries once, replaying the body', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }));
    const res = await login.fetch(`${API}/v2/oauth_grants`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(res.status).toBe(200);
    expect(server.counts.refresh).toBe(1);
    const calls = server.log.filter((entry) => entry.url === `${API}/v2/oauth_grants`);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toBe('{"a":1}');
    expect(calls[1]!.authorization).not.toBe(calls[0]!.authorization);
  });

  it('401 twice in a row: one retry only, the second 401 is returned', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    for (let i = 0; i < 3; i++) server.queue('/v2/oauth_grants', () => new Response(null, { status: 401 }));
    const res = await login.fetch(`${API}/v2/oauth_grants`);
    expect(res.status).toBe(401);
    expect(server.log.filter((entry) => entry.url === `${API}/v2/oauth_grants`)).toHaveLength(2);
    expect(server.counts.refresh).toBe(1);
    expect(server.unusedQueued()).toBe(1);
  });

  it('does not retry a body that cannot be replayed (a stream)', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401 }));
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) });
    const res = await login.fetch(`${API}/v2/oauth_grants`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(server.counts.refresh).toBe(0);
    expect(server.log.filter((entry) => entry.url === `${API}/v2/oauth_grants`)).toHaveLength(1);
  });

  it('does not refresh for a 401 that blames something other than the token', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_request"' } }));
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(401);
    expect(server.counts.refresh).toBe(0);
  });

  it('a revoked grant: the call ends in signed-out with reason invalid_grant and no loop', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.revokeAll();
    const res = await login.fetch(`${API}/v2/oauth_grants`);
    expect(res.status).toBe(401);
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'invalid_grant' });
    expect(server.counts.api).toBe(1);
    expect(server.counts.refresh).toBe(1);
  });

  it('refuses to send a token for an API origin while signed out', async () => {
    const server = fakeServer();
    const { login } = openApp(server);
    await expect(login.fetch(`${API}/v2/oauth_grants`)).rejects.toMatchObject({ code: 'login_required' });
    expect(server.counts.api).toBe(0);
  });
});
