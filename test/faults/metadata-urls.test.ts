// Fault matrix, URLs from servers: every URL the SDK takes from a response (an endpoint in authorization
// server metadata, the authorization server a resource names, a 401's resource_metadata) is https:, or
// http: to a loopback host with allowInsecureLoopback; anything else is discovery_failed before any request
// goes there and before anything is stored or cached. Bad metadata, fetched or found in storage, is a
// LoginError, never cached and never used.
import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb, openApp, openZeroConfigApp, visit } from '../helpers/app.js';
import { API, APP, fakeServer, ISSUER, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, readSession, rejectionOf, tokenRequests } from './helpers.js';
import { bindingKey, clientKey, configDatabase, METADATA, RESOURCE_METADATA, sessionDatabase, TOKENS } from '../../src/session/schema.js';
import { stored, tamper } from '../helpers/storage.js';

beforeEach(freshIndexedDb);

const INSERTED = '/.well-known/oauth-authorization-server/v2';
const RESOURCE_INSERTED = '/.well-known/oauth-protected-resource/v2';
const metadataWith = (server: FakeServer, change: Record<string, unknown>) => () => Response.json({ ...server.metadata, ...change });

/** Every request that went anywhere but the issuer's and the API's own https: origins. */
const elsewhere = (server: FakeServer) => server.log.filter((entry) => ![new URL(server.issuer).origin, API].includes(new URL(entry.url).origin));

/** What a zero-config page keeps per resource: the RFC 9728 document, the binding, registered clients. */
async function readResourceConfig(server: FakeServer) {
  const config = configDatabase({ resource: server.resource });
  return {
    resourceMetadata: await stored(config, RESOURCE_METADATA),
    metadata: await stored(config, METADATA),
    binding: await stored(config, bindingKey(new URL(REDIRECT_URI))),
  };
}

/** signIn() refused with discovery_failed: no navigation, nothing cached or pending, no request outside the two origins. */
async function expectRefusedBeforeStoring(server: FakeServer, login: ReturnType<typeof openApp>['login'], navigations: string[]) {
  const error = expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
  expect(login.state).toMatchObject({ status: 'signed-out', error });
  expect(navigations).toEqual([]);
  expect(await readSession()).toMatchObject({ metadata: undefined, pending: undefined, tokens: undefined });
  expect(elsewhere(server)).toEqual([]);
  expect(tokenRequests(server)).toBe(0);
  return error;
}

describe('endpoints named by authorization server metadata', () => {
  it.each([
    ['authorization_endpoint', 'javascript:alert(document.domain)//'],
    ['authorization_endpoint', 'data:text/html,<script>alert(1)</script>'],
    ['authorization_endpoint', 'http://auth.localhost/v2/oauth/authorize'],
    ['token_endpoint', 'http://auth.localhost/v2/oauth/token'],
    ['token_endpoint', 'javascript:void 0'],
    ['revocation_endpoint', 'http://auth.localhost/v2/oauth/revoke'],
    ['registration_endpoint', 'ftp://auth.localhost/v2/oauth/register'],
  ])('metadata: %s = %s → discovery_failed naming it, no navigation, nothing cached or pending', async (field, value) => {
    const server = fakeServer();
    server.queue(INSERTED, metadataWith(server, { [field]: value }));
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    const error = await expectRefusedBeforeStoring(server, login, navigations);
    expect(error.message).toContain(field);
    expect(server.unusedQueued()).toBe(0);
  });

  it.each([
    ['http://auth.localhost/v2/oauth/token?client_secret=s3cret', '(http://auth.localhost)'],
    ['javascript:alert(document.cookie)', '(javascript:)'],
  ])('metadata: token_endpoint = %s → the message names only its scheme and host, %s, never its path or query', async (value, shown) => {
    const server = fakeServer();
    server.queue(INSERTED, metadataWith(server, { token_endpoint: value }));
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    const { message } = await expectRefusedBeforeStoring(server, login, navigations);
    expect(message).toContain(`"token_endpoint" is not an https: URL ${shown}`);
    expect(message).not.toMatch(/s3cret|oauth\/token|document/);
  });

  it('metadata: a cached document (older version, tampered) with a javascript: authorization_endpoint → not used: discovered again, navigates to the real endpoint', async () => {
    const server = fakeServer();
    const forged = { ...server.metadata, authorization_endpoint: 'javascript:alert(document.domain)//' };
    await tamper(configDatabase({ issuer: new URL(ISSUER) }), METADATA, { value: forged, fetchedAt: Date.now() });
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(navigations[0]!.startsWith(`${server.issuer}/oauth/authorize?`)).toBe(true);
    expect((await readSession()).metadata?.value).toEqual(server.metadata);
    expect(server.counts.discovery).toBe(1);
  });

  it('metadata: allowInsecureLoopback with a loopback issuer whose metadata names http: on another host → discovery_failed, nothing sent there', async () => {
    const issuer = 'http://127.0.0.1:4010/v2';
    const server = fakeServer({ issuer });
    server.queue(INSERTED, metadataWith(server, { token_endpoint: 'http://auth.localhost.example/oauth/token' }));
    visit(`${APP}/`);
    const { login, navigations } = openApp(server, { issuer, allowInsecureLoopback: true });
    await login.ready;
    expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
    expect(navigations).toEqual([]);
    expect(await readSession(`${issuer}`)).toMatchObject({ metadata: undefined, pending: undefined });
    expect(server.log.map((entry) => new URL(entry.url).origin)).toEqual(['http://127.0.0.1:4010']);
  });

  it('metadata: allowInsecureLoopback with a loopback issuer whose endpoints are loopback http: → signs in', async () => {
    const issuer = 'http://127.0.0.1:4010/v2';
    const server = fakeServer({ issuer });
    visit(`${APP}/`);
    const { login, navigations } = openApp(server, { issuer, allowInsecureLoopback: true });
    await login.signIn();
    visit(await server.authorize(navigations[0]!));
    const next = openApp(server, { issuer, allowInsecureLoopback: true });
    expect((await next.login.ready).status).toBe('signed-in');
  });
});

describe('the authorization server a resource names (zero-config)', () => {
  it('zero-config: the named server publishes a javascript: authorization_endpoint → discovery_failed, no navigation, no registration, nothing cached', async () => {
    const server = fakeServer();
    server.queue(INSERTED, metadataWith(server, { authorization_endpoint: 'javascript:alert(document.domain)//' }));
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
    expect(navigations).toEqual([]);
    expect(server.counts.registration).toBe(0);
    expect(await readResourceConfig(server)).toMatchObject({ metadata: undefined, binding: undefined });
  });

  it('zero-config: allowedIssuers set and the resource names another server → discovery_failed, no request to it, nothing cached', async () => {
    const server = fakeServer({ resourcePlacements: [] });
    server.queue(RESOURCE_INSERTED, () => Response.json({ resource: server.resource, authorization_servers: ['https://evil.localhost/v2'] }));
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server, { allowedIssuers: [ISSUER] });
    const error = expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
    expect(error.message).toContain('allowedIssuers');
    expect(navigations).toEqual([]);
    expect(server.log.filter((entry) => entry.url.startsWith('https://evil.localhost'))).toEqual([]);
    expect(await readResourceConfig(server)).toEqual({ resourceMetadata: undefined, metadata: undefined, binding: undefined });
  });

  it('zero-config: allowedIssuers set and the resource names a listed server → signs in as usual', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server, { allowedIssuers: [ISSUER] });
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(navigations[0]!.startsWith(`${ISSUER}/oauth/authorize?`)).toBe(true);
  });

  it("zero-config: a 401's resource_metadata that is not https: (http:, data:) → discovery_failed, never fetched", async () => {
    const forged = encodeURIComponent(JSON.stringify({ resource: `${API}/v2`, authorization_servers: ['https://evil.localhost'] }));
    for (const hint of ['http://evil.localhost/meta', `data:application/json,${forged}`]) {
      await freshIndexedDb();
      const server = fakeServer({ resourcePlacements: [] });
      server.queue('/v2', () => new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer resource_metadata="${hint}"` } }));
      visit(`${APP}/`);
      const { login, navigations } = openZeroConfigApp(server);
      expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
      expect(navigations).toEqual([]);
      expect(elsewhere(server)).toEqual([]);
      expect(server.unusedQueued()).toBe(0);
    }
  });
});

describe('server data that is not what the protocol says', () => {
  it('metadata: an authorization_endpoint that is not a URL → discovery_failed (a LoginError, not a TypeError), not cached: the next signIn() asks again', async () => {
    const server = fakeServer();
    server.queue(INSERTED, metadataWith(server, { authorization_endpoint: 'not a url' }));
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    await expectRefusedBeforeStoring(server, login, navigations);
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(server.counts.discovery).toBe(2);
  });

  it('zero-config: authorization_servers that is a string, not an array → discovery_failed (a LoginError), not cached: the next signIn() asks again', async () => {
    const server = fakeServer({ resourcePlacements: [] });
    server.queue(RESOURCE_INSERTED, () => Response.json({ resource: server.resource, authorization_servers: ISSUER }));
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    expectLoginError(await rejectionOf(login.signIn()), 'discovery_failed');
    expect(login.state.status).toBe('signed-out');
    expect(await readResourceConfig(server)).toEqual({ resourceMetadata: undefined, metadata: undefined, binding: undefined });
    server.queue(RESOURCE_INSERTED, () => Response.json({ resource: server.resource, authorization_servers: [ISSUER] }));
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(server.unusedQueued()).toBe(0);
  });

  it('metadata: a cached document whose fetchedAt is not a number (it would never expire) → not used: discovered again, navigates to the real endpoint', async () => {
    const server = fakeServer();
    await tamper(configDatabase({ issuer: new URL(ISSUER) }), METADATA, { value: server.metadata, fetchedAt: 'now' });
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await login.ready;
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(server.counts.discovery).toBe(1);
  });

  it.each([
    ['an issuer that is not a URL', { issuer: 'not a url', clientId: 'dyn-1' }],
    ['a plain-http issuer', { issuer: 'http://evil.localhost/v2', clientId: 'dyn-1' }],
    ['a numeric clientId', { issuer: ISSUER, clientId: 42 }],
    ['a string', 'garbage'],
  ])('storage: a cached zero-config binding with %s → ignored: ready resolves signed-out without error, signIn() discovers and registers anew', async (_name, record) => {
    const server = fakeServer();
    await tamper(configDatabase({ resource: server.resource }), bindingKey(new URL(REDIRECT_URI)), record);
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    const state = await login.ready;
    expect(state.status).toBe('signed-out');
    expect(state.error).toBeUndefined();
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(new URL(navigations[0]!).searchParams.get('client_id')).toMatch(/^dyn-/);
    expect(server.counts.registration).toBe(1);
  });

  it('storage: a registered client_id that is not a string → registered anew, never sent', async () => {
    const server = fakeServer();
    await tamper(configDatabase({ resource: server.resource }), clientKey(ISSUER, new URL(REDIRECT_URI)), 42);
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    await login.signIn();
    expect(new URL(navigations[0]!).searchParams.get('client_id')).toMatch(/^dyn-/);
    expect(server.counts.registration).toBe(1);
  });
});

describe('a binding found in storage', () => {
  it.each([
    ['an issuer outside allowedIssuers', { allowedIssuers: [ISSUER] }],
    ['an issuer other than the configured one', { issuer: ISSUER, allowedIssuers: undefined }],
  ])('zero-config: a cached binding naming %s → not used: signed-out, its session never read, no request', async (_name, overrides) => {
    const server = fakeServer();
    const other = 'https://other.localhost/v2';
    await tamper(configDatabase('issuer' in overrides ? { issuer: new URL(ISSUER) } : { resource: server.resource }), bindingKey(new URL(REDIRECT_URI)), { issuer: other, clientId: 'dyn-other' });
    await tamper(sessionDatabase(`${other}`, 'dyn-other'), TOKENS, { sid: 's1', accessToken: 'at-other', refreshToken: 'rt-other', receivedAt: Date.now(), expiresAt: Date.now() + 3600_000 });
    visit(`${APP}/`);
    const { login } = openZeroConfigApp(server, overrides);
    expect((await login.ready).status).toBe('signed-out');
    expectLoginError(await rejectionOf(login.getAccessToken()), 'login_required');
    expect(server.log).toEqual([]);
  });
});
