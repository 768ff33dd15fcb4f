// Fault matrix, fetch: the bearer token goes to the configured API origins and nowhere else, a 401 is
// retried once at most, and a body that cannot be sent twice is never retried.
import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';
import { API, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, readSession, rejectionOf, requestsTo, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);

const GRANTS = `${API}/v2/oauth_grants`;
const unauthorized = (challenge = 'Bearer error="invalid_token"') => () => new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });

/** A signed-in page that also lists Telnyx's real API origin, so a lookalike of it can be tried. */
async function signedInWithApis(server: FakeServer) {
  const app = await signedIn(server, { apiOrigins: [API, 'https://api.telnyx.com'] });
  return { ...app, before: await readSession(), requests: server.log.length };
}

/** A request to `url` went out exactly as the app gave it: no Authorization, same method and body; the session is untouched. */
async function expectUntouched(server: FakeServer, url: string, before: Awaited<ReturnType<typeof readSession>>, requests: number) {
  expect(server.log.slice(requests)).toEqual([{ method: 'POST', url, authorization: null, body: 'hello' }]);
  expect((await readSession()).tokens).toEqual(before.tokens);
  expect(tokenRequests(server, 'refresh_token')).toBe(0);
  expectNoBearerOutsideApi(server);
}

describe('fetch faults', () => {
  it.each([
    ['a foreign origin', 'https://other.localhost/v2/oauth_grants'],
    ['a lookalike origin (https://api.telnyx.com.evil.example)', 'https://api.telnyx.com.evil.example/v2/oauth_grants'],
    ['a lookalike of the local API (api.localhost.evil.localhost)', 'https://api.localhost.evil.localhost/v2/oauth_grants'],
    ['the API host on another port', 'https://api.localhost:8443/v2/oauth_grants'],
    ['the API host over plain http:', 'http://api.localhost/v2/oauth_grants'],
  ])('fetch: %s → request sent untouched (no Authorization), session unchanged, no token request', async (_name, url) => {
    const server = fakeServer();
    const { login, before, requests } = await signedInWithApis(server);
    const res = await login.fetch(url, { method: 'POST', headers: { 'x-trace': '1' }, body: 'hello' });
    expect(res.status).toBe(200);
    await expectUntouched(server, new URL(url).href, before, requests);
    expect(login.state.status).toBe('signed-in');
  });

  it('fetch: a Request object for a foreign origin → sent untouched, session unchanged, no token request', async () => {
    const server = fakeServer();
    const { login, before, requests } = await signedInWithApis(server);
    const res = await login.fetch(new Request('https://api.telnyx.com.evil.example/v2/oauth_grants', { method: 'POST', body: 'hello' }));
    expect(res.status).toBe(200);
    await expectUntouched(server, 'https://api.telnyx.com.evil.example/v2/oauth_grants', before, requests);
  });

  it('fetch: 401 twice in a row → one refresh, one retry, the second 401 returned; session kept, no loop', async () => {
    const server = fakeServer();
    const { login, before, requests } = await signedInWithApis(server);
    for (let i = 0; i < 3; i++) server.queue('/v2/oauth_grants', unauthorized());
    const res = await login.fetch(GRANTS);
    expect(res.status).toBe(401);
    expect(server.unusedQueued()).toBe(1);
    const calls = requestsTo(server, GRANTS);
    expect(calls).toHaveLength(2);
    expect(server.log.length - requests).toBe(3); // API, refresh, API
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    const after = await readSession();
    expect(calls.map((call) => call.authorization)).toEqual([`Bearer ${before.tokens!.accessToken}`, `Bearer ${after.tokens!.accessToken}`]);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
    expectNoBearerOutsideApi(server);
  });

  it.each([
    ['a bare challenge (no error code)', 1, 'Bearer realm="Telnyx API"'],
    ['no challenge at all', 1, ''],
    ['insufficient_scope (a new token would not help)', 0, 'Bearer error="insufficient_scope", scope="numbers.read"'],
  ])('fetch: 401 with %s → %i refresh and retry', async (_name, refreshes, challenge) => {
    const server = fakeServer();
    const { login } = await signedInWithApis(server);
    server.queue('/v2/oauth_grants', () => new Response(null, { status: 401, headers: challenge ? { 'www-authenticate': challenge } : {} }));
    const res = await login.fetch(GRANTS);
    expect(res.status).toBe(refreshes === 1 ? 200 : 401);
    expect(requestsTo(server, GRANTS)).toHaveLength(1 + refreshes);
    expect(tokenRequests(server, 'refresh_token')).toBe(refreshes);
  });

  it('fetch: 401 with a body that cannot be replayed (a stream) → no refresh, no retry, the 401 returned; session unchanged', async () => {
    const server = fakeServer();
    const { login, before } = await signedInWithApis(server);
    server.queue('/v2/oauth_grants', unauthorized());
    const body = new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode('x')), controller.close()) });
    const res = await login.fetch(GRANTS, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(requestsTo(server, GRANTS)).toHaveLength(1);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    expect((await readSession()).tokens).toEqual(before.tokens);
    expect(login.state.status).toBe('signed-in');
  });

  it('fetch: 401 after the grant was revoked → refresh fails with invalid_grant: signed-out (reason invalid_grant), tokens deleted, one API call, one refresh', async () => {
    const server = fakeServer();
    const { login } = await signedInWithApis(server);
    server.revokeAll();
    const res = await login.fetch(GRANTS);
    expect(res.status).toBe(401);
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'invalid_grant' });
    expectLoginError(login.state.error, 'invalid_grant');
    expect((await readSession()).tokens).toBeUndefined();
    expect(requestsTo(server, GRANTS)).toHaveLength(1);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('fetch: an API origin while signed out → login_required, no request at all', async () => {
    const server = fakeServer();
    const { login } = openApp(server);
    await login.ready;
    expectLoginError(await rejectionOf(login.fetch(GRANTS)), 'login_required');
    expect(login.state.status).toBe('signed-out');
    expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined });
    expect(server.log).toEqual([]);
  });
});
