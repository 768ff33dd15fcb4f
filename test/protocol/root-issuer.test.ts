// Telnyx's issuer is an origin with no path (`https://api.telnyx.com`), and so is its REST resource:
// `new URL()` writes both with a trailing slash, which the server's documents do not have.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogin, LoginError, type LoginOptions } from '../../src/index.js';
import { APP, fakeServer, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const ROOT_ISSUER = 'https://auth.localhost';

async function startSignIn(server: FakeServer, overrides: Partial<LoginOptions> = {}) {
  visit(`${APP}/`);
  const { login, navigations } = openApp(server, overrides);
  await login.ready;
  await login.signIn();
  login.dispose();
  return new URL(navigations[0]!);
}

describe('a root issuer, as Telnyx has', () => {
  it('is discovered at the root placement and found again in the cache: the next page makes no discovery request', async () => {
    const server = fakeServer({ issuer: ROOT_ISSUER });
    await startSignIn(server, { issuer: ROOT_ISSUER });
    await startSignIn(server, { issuer: ROOT_ISSUER });
    await startSignIn(server, { issuer: `${ROOT_ISSUER}/` });
    expect(server.counts.discovery).toBe(1);
    expect(server.log.map((entry) => new URL(entry.url).pathname)).toEqual(['/.well-known/oauth-authorization-server']);
  });

  it('sends the resource indicator exactly as given: no trailing slash added to an origin', async () => {
    const server = fakeServer({ issuer: ROOT_ISSUER });
    const url = await startSignIn(server, { issuer: ROOT_ISSUER, resource: 'https://api.localhost' });
    expect(url.searchParams.get('resource')).toBe('https://api.localhost');
    visit(await server.authorize(url.href));
    const { login } = openApp(server, { issuer: ROOT_ISSUER, resource: 'https://api.localhost' });
    expect((await login.ready).status).toBe('signed-in');
    const exchange = new URLSearchParams(server.log.find((entry) => entry.body.includes('grant_type=authorization_code'))!.body);
    expect(exchange.get('resource')).toBe('https://api.localhost');
  });

  it('keeps a resource with a path as given too', async () => {
    const server = fakeServer({ issuer: ROOT_ISSUER });
    const url = await startSignIn(server, { issuer: ROOT_ISSUER, resource: 'https://api.localhost/v2/mcp' });
    expect(url.searchParams.get('resource')).toBe('https://api.localhost/v2/mcp');
  });

  it('takes scope as a list of scopes, joined with spaces', async () => {
    const server = fakeServer({ issuer: ROOT_ISSUER });
    const url = await startSignIn(server, { issuer: ROOT_ISSUER, scope: ['numbers.read', 'messaging.write'] });
    expect(url.searchParams.get('scope')).toBe('numbers.read messaging.write');
  });

  it('refuses a scope list with a non-string or a space inside one entry', () => {
    const base = { issuer: ROOT_ISSUER, clientId: 'c', redirectUri: REDIRECT_URI };
    expect(() => createLogin({ ...base, scope: ['numbers.read', 3 as never] })).toThrow('"scope" must be a string or a list of scopes');
    expect(() => createLogin({ ...base, scope: ['numbers.read messaging.write'] })).toThrow('"scope" must be a string or a list of scopes');
  });
});

describe('zero-config against a Telnyx-shaped server (root issuer)', () => {
  it.each(['https://api.localhost', 'https://api.localhost/v2/mcp'])(
    'finds the server from %s, signs in, and a returning page finds everything in the cache',
    async (resource) => {
      const server = fakeServer({ issuer: ROOT_ISSUER, resource, registeredClientsOnly: true });
      const options = { issuer: undefined, clientId: undefined, resource, registration: { client_name: 'My app' } };
      const url = await startSignIn(server, options);
      expect(url.searchParams.get('resource')).toBe(resource);
      visit(await server.authorize(url.href));
      const { login } = openApp(server, options);
      expect((await login.ready).status).toBe('signed-in');
      login.dispose();
      await startSignIn(server, options);
      expect(server.counts).toMatchObject({ resourceDiscovery: 1, discovery: 1, registration: 1, authorizationCode: 1 });
    },
  );

  it('registers anew after the server forgot the client: the refused client is forgotten under the key it was kept under', async () => {
    const resource = 'https://api.localhost';
    const server = fakeServer({ issuer: ROOT_ISSUER, resource, registeredClientsOnly: true, accessTokenTtl: 100 });
    const options = { issuer: undefined, clientId: undefined, resource, registration: { client_name: 'My app' } };
    const first = await startSignIn(server, options);
    visit(await server.authorize(first.href));
    const { login } = openApp(server, options);
    expect((await login.ready).status).toBe('signed-in');
    server.forgetClients();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    expect(((await login.getAccessToken().catch((err: unknown) => err)) as LoginError).code).toBe('invalid_client');
    vi.useRealTimers();
    login.dispose();
    const again = await startSignIn(server, options);
    expect(again.searchParams.get('client_id')).not.toBe(first.searchParams.get('client_id'));
    // A new client, found through the cached discovery documents.
    expect(server.counts).toMatchObject({ registration: 2, resourceDiscovery: 1, discovery: 1 });
  });
});
