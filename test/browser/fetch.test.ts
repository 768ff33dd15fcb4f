import { beforeEach, describe, expect, it } from 'vitest';
import { API, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);

describe('login.fetch()', () => {
  it('adds the bearer token for an allowed API origin', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    const res = await login.fetch(`${API}/v2/oauth_grants`);
    expect(res.status).toBe(200);
    expect(server.log.at(-1)?.authorization).toBe(`Bearer ${await login.getAccessToken()}`);
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

  it('does not refresh for a 401 that blames something other than the token', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_request"' } }));
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(401);
    expect(server.counts.refresh).toBe(0);
  });

  it.each([
    ['an unquoted error', 'Bearer error=insufficient_scope'],
    ['spaces around "="', 'Bearer realm="api", error = "invalid_request"'],
  ])('reads the challenge with %s: a 401 that blames something other than the token is returned, no refresh', async (_name, challenge) => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401, headers: { 'www-authenticate': challenge } }));
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(401);
    expect(server.counts.refresh).toBe(0);
    expect(server.unusedQueued()).toBe(0);
  });
});
