// Fault matrix, discovery: metadata that is missing, malformed or names another issuer never reaches the
// cache or sends the user anywhere; a placement that fails is followed by the next one, a network failure
// stops the search at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoginErrorCode } from '../../src/index.js';
import { freshIndexedDb, openApp, visit } from '../helpers/app.js';
import { APP, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, hangPastTimeout, offline, readSession, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const INSERTED = '/.well-known/oauth-authorization-server/v2';
const APPENDED = '/v2/.well-known/oauth-authorization-server';
const OIDC = '/v2/.well-known/openid-configuration';

const discoveryPaths = (server: FakeServer) => server.log.filter((entry) => entry.url.includes('/.well-known/')).map((entry) => new URL(entry.url).pathname);
const document = (body: string, contentType = 'application/json') => () => new Response(body, { headers: { 'content-type': contentType } });

/** signIn() from a fresh page: the error it threw (if any), where it went, what it left behind. */
async function trySignIn(server: FakeServer, overrides = {}) {
  visit(`${APP}/`);
  const { login, navigations } = openApp(server, overrides);
  await login.ready;
  const error = await login.signIn().then(() => undefined, (err: unknown) => err);
  return { login, navigations, error, stored: await readSession() };
}

/** Discovery failed: typed error on the promise and the state, no navigation, nothing cached or pending. */
async function expectDiscoveryFailed(server: FakeServer, code: LoginErrorCode, paths: string[], overrides = {}) {
  const { login, navigations, error, stored } = await trySignIn(server, overrides);
  expectLoginError(error, code);
  expect(login.state).toMatchObject({ status: 'signed-out', error });
  expect(navigations).toEqual([]);
  expect(stored).toMatchObject({ metadata: undefined, pending: undefined, tokens: undefined });
  expect(discoveryPaths(server)).toEqual(paths);
  expect(server.log).toHaveLength(paths.length);
  expect(server.unusedQueued()).toBe(0);
  expect(tokenRequests(server)).toBe(0);
  expectNoBearerOutsideApi(server);
  return error;
}

describe('discovery faults', () => {
  it('discovery: every placement names another issuer → discovery_failed (saying so), signed-out, nothing cached, no navigation, 3 requests', async () => {
    const server = fakeServer({ placements: [] });
    const forged = document(JSON.stringify({ ...server.metadata, issuer: 'https://evil.localhost/v2' }));
    for (const path of [INSERTED, APPENDED, OIDC]) server.queue(path, forged);
    const error = await expectDiscoveryFailed(server, 'discovery_failed', [INSERTED, APPENDED, OIDC]);
    expect((error as Error).message).toContain('another issuer');
  });

  it('discovery: 404 at the path-inserted placement, then metadata at the appended one → signs in from it, cached, exactly 2 requests', async () => {
    const server = fakeServer({ placements: ['appended'] });
    const { navigations, error, stored, login } = await trySignIn(server);
    expect(error).toBeUndefined();
    expect(login.state.status).toBe('signing-in');
    expect(navigations).toHaveLength(1);
    expect(new URL(navigations[0]!).href.startsWith(`${server.issuer}/oauth/authorize?`)).toBe(true);
    expect(stored.metadata?.value.issuer).toBe(server.issuer);
    expect(stored.pending).toBeDefined();
    expect(discoveryPaths(server)).toEqual([INSERTED, APPENDED]);
  });

  it('discovery: non-JSON metadata (an HTML page) at one placement, JSON at the next → the next is used, cached, exactly 2 requests', async () => {
    const server = fakeServer({ placements: ['appended'] });
    server.queue(INSERTED, document('<html>Welcome</html>', 'text/html'));
    const { navigations, error, stored } = await trySignIn(server);
    expect(error).toBeUndefined();
    expect(navigations).toHaveLength(1);
    expect(stored.metadata?.value.issuer).toBe(server.issuer);
    expect(discoveryPaths(server)).toEqual([INSERTED, APPENDED]);
  });

  it('discovery: non-JSON metadata at every placement → discovery_failed, signed-out, nothing cached, no navigation, 3 requests', async () => {
    const server = fakeServer({ placements: [] });
    for (const path of [INSERTED, APPENDED, OIDC]) server.queue(path, document('{"issuer": ', 'application/json'));
    await expectDiscoveryFailed(server, 'discovery_failed', [INSERTED, APPENDED, OIDC]);
  });

  it('discovery: metadata that is a JSON array, not an object → discovery_failed, nothing cached, no navigation', async () => {
    const server = fakeServer({ placements: [] });
    for (const path of [INSERTED, APPENDED, OIDC]) server.queue(path, document('[]'));
    await expectDiscoveryFailed(server, 'discovery_failed', [INSERTED, APPENDED, OIDC]);
  });

  it('discovery: offline → network after one request (the other placements would fail alike), nothing cached, no navigation', async () => {
    const server = fakeServer();
    server.queue(INSERTED, offline);
    await expectDiscoveryFailed(server, 'network', [INSERTED]);
  });

  it('discovery: no answer within the timeout → timeout after one request, nothing cached, no navigation', async () => {
    const server = fakeServer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.queue(INSERTED, hangPastTimeout(50));
    await expectDiscoveryFailed(server, 'timeout', [INSERTED], { timeout: 50 });
  });

  it('discovery: a failed discovery is not remembered → the next signIn() discovers again and succeeds', async () => {
    const server = fakeServer();
    server.queue(INSERTED, offline);
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    expectLoginError(await login.signIn().catch((err: unknown) => err), 'network');
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(login.state).toMatchObject({ status: 'signing-in' });
    expect((await readSession()).metadata?.value.issuer).toBe(server.issuer);
    expect(discoveryPaths(server)).toEqual([INSERTED, INSERTED]);
  });
});
