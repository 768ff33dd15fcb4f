import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const discoveryUrls = (server: ReturnType<typeof fakeServer>) =>
  server.log.filter((entry) => entry.url.includes('/.well-known/')).map((entry) => new URL(entry.url).pathname);

async function startSignIn(server: ReturnType<typeof fakeServer>) {
  visit(`${APP}/`);
  const { login, navigations } = openApp(server);
  await login.ready;
  const error = await login.signIn().then(() => undefined, (err: unknown) => err);
  return { login, navigations, error };
}

describe('discovery', () => {
  it('uses the RFC 8414 path-inserted placement first', async () => {
    const server = fakeServer({ placements: ['inserted'] });
    const { navigations } = await startSignIn(server);
    expect(navigations).toHaveLength(1);
    expect(discoveryUrls(server)).toEqual(['/.well-known/oauth-authorization-server/v2']);
  });

  it('falls back to OpenID configuration last', async () => {
    const server = fakeServer({ placements: ['oidc'] });
    const { navigations } = await startSignIn(server);
    expect(navigations).toHaveLength(1);
    expect(discoveryUrls(server)).toEqual([
      '/.well-known/oauth-authorization-server/v2',
      '/v2/.well-known/oauth-authorization-server',
      '/v2/.well-known/openid-configuration',
    ]);
  });

  it('a returning visit while signed in makes no request at all', async () => {
    const server = fakeServer();
    await signedIn(server);
    const before = server.log.length;
    const { login } = openApp(server);
    expect((await login.ready).status).toBe('signed-in');
    await login.getAccessToken();
    expect(server.log.length).toBe(before);
  });

  it('caches metadata in IndexedDB: signing in again makes zero discovery requests', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    await login.signOut();
    const before = server.counts.discovery;
    const next = await startSignIn(server);
    expect(next.navigations).toHaveLength(1);
    expect(server.counts.discovery).toBe(before);
    expect(before).toBe(1);
  });

  it('fetches metadata again once the TTL has passed', async () => {
    const server = fakeServer();
    await startSignIn(server);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 25 * 3600_000);
    await startSignIn(server);
    expect(server.counts.discovery).toBe(2);
  });
});
