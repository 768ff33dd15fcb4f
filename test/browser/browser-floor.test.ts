// The oldest browsers the README supports (Chrome and Edge 98, Firefox 97, Safari and iOS 15.4) lack web
// platform APIs that came later. With those removed from the page, every path still works: zero-config
// discovery and registration, a redirect sign-in and its callback, a refresh, fetch, a request timeout and
// a popup sign-in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogin, dynamicRegistration, popupSignIn, resourceDiscovery } from '../../src/index.js';
import { freshIndexedDb, visit, popupAuthorizationUrl, postFromPopup, stubPopup } from '../helpers/app.js';
import { hangPastTimeout } from '../faults/helpers.js';
import { API, APP, fakeServer, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';

/**
 * Static methods newer than the floor, with the first Safari, Chrome and Firefox that have them. (URL.parse,
 * Safari 18, is left in place: oauth4webapi looks for it once, as it loads, and has its own fallback.)
 */
const NEWER: [object, string, string][] = [
  [URL, 'canParse', 'Safari 17, Chrome 120, Firefox 115'],
  [AbortSignal, 'timeout', 'Safari 16, Chrome 103, Firefox 100'],
  [AbortSignal, 'any', 'Safari 17.4, Chrome 116, Firefox 124'],
  [Response, 'json', 'Safari 17, Chrome 105, Firefox 115'],
  [Promise, 'withResolvers', 'Safari 17.4, Chrome 119, Firefox 121'],
];
const saved = NEWER.map(([owner, name]) => [owner, name, Object.getOwnPropertyDescriptor(owner, name)] as const);

beforeEach(async () => {
  await freshIndexedDb();
  // Shadowed rather than deleted: happy-dom's classes inherit some of them from Node's.
  for (const [owner, name] of NEWER) Object.defineProperty(owner, name, { value: undefined, configurable: true, writable: true });
});
afterEach(() => {
  vi.useRealTimers();
  for (const [owner, name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(owner, name, descriptor);
    else delete (owner as Record<string, unknown>)[name];
  }
});

function zeroConfigApp(server: FakeServer) {
  const navigations: string[] = [];
  const login = createLogin({
    resource: server.resource,
    registration: { client_name: 'Floor app' },
    redirectUri: REDIRECT_URI,
    apiOrigins: [API],
    fetch: server.fetch,
    navigate: (url) => void navigations.push(url),
    features: [resourceDiscovery, dynamicRegistration, popupSignIn],
  });
  return { login, navigations };
}

describe('on the oldest supported browsers', () => {
  it('the APIs they lack are gone from this page', () => {
    expect(NEWER.map(([owner, name]) => typeof (owner as Record<string, unknown>)[name])).toEqual(NEWER.map(() => 'undefined'));
  });

  it('discovers, registers, signs in by redirect, refreshes and fetches', async () => {
    const server = fakeServer({ registeredClientsOnly: true, accessTokenTtl: 100 });
    visit(`${APP}/`);
    const start = zeroConfigApp(server);
    await start.login.signIn();
    start.login.dispose();
    visit(await server.authorize(start.navigations[0]!));
    const { login } = zeroConfigApp(server);
    expect((await login.ready).status).toBe('signed-in');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
    vi.useRealTimers();
    expect(server.counts).toMatchObject({ resourceDiscovery: 1, registration: 1, authorizationCode: 1, refresh: 1 });
  });

  it('gives up on a server that never answers: timeout', async () => {
    const server = fakeServer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.queue('/.well-known/oauth-authorization-server/v2', hangPastTimeout(50));
    visit(`${APP}/`);
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, fetch: server.fetch, timeout: 50 });
    expect(await login.signIn().catch((error: unknown) => error)).toMatchObject({ name: 'LoginError', code: 'timeout' });
  });

  it('signs in by popup', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { popup, environment } = stubPopup();
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, fetch: server.fetch, features: [popupSignIn], environment });
    const signingIn = login.signIn({ popup: true });
    const callback = await server.authorize(await popupAuthorizationUrl(popup));
    postFromPopup(popup, callback);
    await signingIn;
    expect(login.state.status).toBe('signed-in');
  });
});
