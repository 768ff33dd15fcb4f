import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKENS } from '../../src/session/schema.js';
import { stored } from '../helpers/storage.js';
import { createLogin, LoginError, popupSignIn } from '../../src/index.js';
import { API, APP, fakeServer, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openZeroConfigApp, visit, popupAuthorizationUrl, postFromPopup, stubPopup } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

async function signInZeroConfig(server: FakeServer) {
  visit(`${APP}/`);
  const start = openZeroConfigApp(server);
  await start.login.signIn();
  start.login.dispose();
  visit(await server.authorize(start.navigations[0]!));
  const app = openZeroConfigApp(server);
  await app.login.ready;
  return { ...app, authorizationUrl: new URL(start.navigations[0]!) };
}

describe('zero-config sign-in (RFC 9728 + RFC 7591)', () => {
  it('finds the server from the API URL, registers a public client once, and signs in', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    const { login, authorizationUrl } = await signInZeroConfig(server);
    expect(login.state.status).toBe('signed-in');
    expect(server.counts.resourceDiscovery).toBe(1);
    expect(server.counts.registration).toBe(1);
    const registration = JSON.parse(server.log.find((entry) => entry.url.endsWith('/oauth/register'))!.body) as Record<string, unknown>;
    expect(registration).toMatchObject({
      client_name: 'My app',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    // RFC 8707: the resource goes on the authorization and the token request.
    expect(authorizationUrl.searchParams.get('resource')).toBe(server.resource);
    expect(authorizationUrl.searchParams.get('client_id')).toMatch(/^dyn-/);
    const exchange = new URLSearchParams(server.log.find((entry) => entry.body.includes('grant_type=authorization_code'))!.body);
    expect(exchange.get('resource')).toBe(server.resource);
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
  });

  it('a returning visit and a second sign-in reuse the cached discovery and client: no request', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    const { login } = await signInZeroConfig(server);
    const before = server.log.length;
    const again = openZeroConfigApp(server);
    expect((await again.login.ready).status).toBe('signed-in');
    expect(server.log.length).toBe(before);
    await login.signOut();
    await again.login.signIn();
    expect(server.counts.registration).toBe(1);
    expect(server.counts.resourceDiscovery).toBe(1);
    expect(server.counts.discovery).toBe(1);
  });

  it('a page with another redirect URI registers its own client instead of borrowing this one', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    const { login, authorizationUrl } = await signInZeroConfig(server);
    login.dispose();
    const otherRedirect = `${APP}/other-callback`;
    const other = openZeroConfigApp(server, { redirectUri: otherRedirect });
    expect((await other.login.ready).status).toBe('signed-out');
    await other.login.signIn();
    const sent = new URL(other.navigations[0]!);
    expect(sent.searchParams.get('redirect_uri')).toBe(otherRedirect);
    expect(sent.searchParams.get('client_id')).toMatch(/^dyn-/);
    expect(sent.searchParams.get('client_id')).not.toBe(authorizationUrl.searchParams.get('client_id'));
    expect(server.counts.registration).toBe(2);
    expect(server.counts.resourceDiscovery).toBe(1); // discovery stays cached per resource
    // The first page's session is untouched.
    other.login.dispose();
    expect((await openZeroConfigApp(server).login.ready).status).toBe('signed-in');
  });

  it.each([
    ['the appended placement', ['appended'] as const, 2],
    ["a 401's resource_metadata", ['challenge'] as const, 3],
  ])('reads protected-resource metadata at %s', async (_name, placements, requests) => {
    const server = fakeServer({ resourcePlacements: [...placements] });
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(server.counts.resourceDiscovery).toBe(requests);
  });

  it('metadata that names another resource is refused: discovery_failed, no registration', async () => {
    const server = fakeServer({ resourcePlacements: [] });
    server.queue('/.well-known/oauth-protected-resource/v2', () => Response.json({ resource: 'https://evil.localhost/v2', authorization_servers: ['https://evil.localhost'] }));
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    const error = (await login.signIn().catch((err: unknown) => err)) as LoginError;
    expect(error).toBeInstanceOf(LoginError);
    expect(error.code).toBe('discovery_failed');
    expect(navigations).toHaveLength(0);
    expect(server.counts.registration).toBe(0);
  });

  it('metadata that names a plain-http authorization server is refused: discovery_failed, no discovery there, no registration', async () => {
    const server = fakeServer({ resourcePlacements: [] });
    server.queue('/.well-known/oauth-protected-resource/v2', () => Response.json({ resource: server.resource, authorization_servers: ['http://auth.localhost/v2'] }));
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    const error = (await login.signIn().catch((err: unknown) => err)) as LoginError;
    expect(error).toBeInstanceOf(LoginError);
    expect(error.code).toBe('discovery_failed');
    expect(error.message).toContain('does not use https:');
    expect(navigations).toHaveLength(0);
    expect(server.counts.discovery).toBe(0);
    expect(server.counts.registration).toBe(0);
  });

  it('registers again when the server no longer knows the client (invalid_client)', async () => {
    const server = fakeServer({ registeredClientsOnly: true, accessTokenTtl: 100 });
    const { login } = await signInZeroConfig(server);
    server.forgetClients();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    const error = (await login.getAccessToken().catch((err: unknown) => err)) as LoginError;
    expect(error.code).toBe('invalid_client');
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'invalid_client' });
    vi.useRealTimers();
    const { login: next, authorizationUrl } = await signInZeroConfig(server);
    expect(server.counts.registration).toBe(2);
    expect(next.state.status).toBe('signed-in');
    expect(authorizationUrl.searchParams.get('client_id')).toMatch(/^dyn-/);
  });

  it('a redirect that never came back (the server refused the client on its own page) registers anew on the next sign-in', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    visit(`${APP}/`);
    const first = openZeroConfigApp(server);
    await first.login.signIn();
    const firstClient = new URL(first.navigations[0]!).searchParams.get('client_id');
    first.login.dispose();
    server.forgetClients();
    // The user comes back from the server's error page without a callback and tries again.
    visit(`${APP}/`);
    const again = openZeroConfigApp(server);
    await again.login.signIn();
    const secondClient = new URL(again.navigations[0]!).searchParams.get('client_id');
    expect(server.counts.registration).toBe(2);
    expect(secondClient).toMatch(/^dyn-/);
    expect(secondClient).not.toBe(firstClient);
    visit(await server.authorize(again.navigations[0]!));
    again.login.dispose();
    expect((await openZeroConfigApp(server).login.ready).status).toBe('signed-in');
  });

  it('a cold sign-in discovers the authorization server once, even with metadataTtl 0', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server, { metadataTtl: 0 });
    await login.signIn();
    expect(navigations).toHaveLength(1);
    expect(server.counts.resourceDiscovery).toBe(1);
    expect(server.counts.registration).toBe(1);
    expect(server.counts.discovery).toBe(1);
  });

  it('a completed sign-in does not make the next one register again', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    const { login } = await signInZeroConfig(server);
    await login.signOut();
    await login.signIn();
    expect(server.counts.registration).toBe(1);
  });
});

describe('zero-config: a client is re-registered only on evidence it is gone', () => {
  /** Every session this origin keeps, of any client: what a later page (or someone at this browser) could use. */
  async function tokensOfAnyClient() {
    const names = (await indexedDB.databases()).map((db) => db.name!);
    const tokens = await Promise.all(names.map((name) => stored(name, TOKENS)));
    return tokens.filter((each) => each !== undefined);
  }

  /** The user starts a sign-in and leaves the authorization server without coming back. */
  async function abandonSignIn(server: FakeServer) {
    visit(`${APP}/`);
    const { login, navigations } = openZeroConfigApp(server);
    await login.signIn();
    login.dispose();
    return navigations[0]!;
  }

  it('zero-config: a sign-in under way in another tab survives a second click → the live client is kept (one registration), both callbacks complete', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    const first = await abandonSignIn(server);
    const second = await abandonSignIn(server);
    expect(server.counts.registration).toBe(1);
    expect(new URL(second).searchParams.get('client_id')).toBe(new URL(first).searchParams.get('client_id'));

    visit(await server.authorize(first));
    const tabA = openZeroConfigApp(server).login;
    expect(await tabA.ready).toMatchObject({ status: 'signed-in', error: undefined, user: { sub: 'alice' } });
    tabA.dispose();
    visit(await server.authorize(second, { user: 'bob' }));
    const tabB = openZeroConfigApp(server).login;
    expect(await tabB.ready).toMatchObject({ status: 'signed-in', error: undefined, user: { sub: 'bob' } });
  });

  it.each([
    ['still known to the server: kept, and its session revoked', false, 1],
    ['forgotten by the server: replaced, and its session dropped', true, 2],
  ])('zero-config: sign-out leaves no token of any client of this configuration behind → the first client %s', async (_name, forgotten, registrations) => {
    const server = fakeServer({ registeredClientsOnly: true });
    const { login } = await signInZeroConfig(server);
    const first = await login.getAccessToken();
    if (forgotten) server.forgetClients();
    // Signed in, the user starts signing in again in another tab (another account?), comes back without a
    // callback, and clicks once more.
    await abandonSignIn(server);
    await abandonSignIn(server);
    expect(server.counts.registration).toBe(registrations);

    // Then signs out in the first tab, which still shows the first client.
    await login.signOut();
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'user' });
    expect(await tokensOfAnyClient()).toEqual([]);
    if (!forgotten) expect((await server.fetch(`${API}/v2/oauth_grants`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
  });
});

describe('popup sign-in', () => {
  it('opens a popup, takes the response posted back from it, and signs in with one code exchange', async () => {
    const server = fakeServer();
    visit(`${APP}/settings`);
    const { popup, environment } = stubPopup();
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, scope: 'openid', fetch: server.fetch, features: [popupSignIn], environment });
    await login.ready;
    const signingIn = login.signIn({ popup: true });
    const callback = await server.authorize(await popupAuthorizationUrl(popup));
    // A message from anywhere else is ignored.
    postFromPopup(popup, callback, 'https://evil.localhost');
    postFromPopup(popup, callback);
    await signingIn;
    expect(login.state.status).toBe('signed-in');
    expect(server.counts.authorizationCode).toBe(1);
    expect(popup.closed).toBe(true);
    expect(window.location.href).toBe(`${APP}/settings`);
  });

  it('a response posted just before the popup closed itself still completes the sign-in', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { popup, environment } = stubPopup();
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, fetch: server.fetch, features: [popupSignIn], environment });
    // The opener checks the popup on an interval: a fake one, with the clock it reads.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const signingIn = login.signIn({ popup: true });
    const callback = await server.authorize(await popupAuthorizationUrl(popup));
    // completePopupSignIn() posts, then closes: the opener may see the window closed before the message.
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(400);
    postFromPopup(popup, callback);
    await signingIn;
    expect(login.state.status).toBe('signed-in');
    expect(server.counts.authorizationCode).toBe(1);
  });

  it('zero-config: invalid_client at the code exchange of a popup sign-in registers anew on the next sign-in', async () => {
    const server = fakeServer({ registeredClientsOnly: true });
    visit(`${APP}/`);
    const { popup, environment } = stubPopup();
    const { login } = openZeroConfigApp(server, { environment });
    const first = login.signIn({ popup: true }).catch((err: unknown) => err);
    const callback = await server.authorize(await popupAuthorizationUrl(popup));
    server.forgetClients();
    postFromPopup(popup, callback);
    expect(((await first) as LoginError).code).toBe('invalid_client');

    const second = login.signIn({ popup: true });
    const url = await popupAuthorizationUrl(popup);
    expect(server.counts.registration).toBe(2);
    const retried = await server.authorize(url);
    postFromPopup(popup, retried);
    await second;
    expect(login.state.status).toBe('signed-in');
  });

  it('popup_blocked when the browser refuses to open it; nothing is started', async () => {
    const server = fakeServer();
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, fetch: server.fetch, features: [popupSignIn], environment: { openWindow: () => null } });
    const error = (await login.signIn({ popup: true }).catch((err: unknown) => err)) as LoginError;
    expect(error.code).toBe('popup_blocked');
    expect(server.log).toHaveLength(0);
  });

  it('popup_closed when the user closes it, and the pending sign-in is dropped', async () => {
    const server = fakeServer();
    const { popup, environment } = stubPopup();
    const login = createLogin({ issuer: server.issuer, clientId: 'spa-client', redirectUri: REDIRECT_URI, fetch: server.fetch, features: [popupSignIn], environment });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const signingIn = login.signIn({ popup: true }).catch((err: unknown) => err);
    await popupAuthorizationUrl(popup);
    popup.closed = true;
    // The opener's next check sees it closed; it gives up once it has stayed closed for a second.
    await vi.advanceTimersByTimeAsync(2_000);
    const error = (await signingIn) as LoginError;
    expect(error.code).toBe('popup_closed');
    expect(login.state).toMatchObject({ status: 'signed-out', error: { code: 'popup_closed' } });
    expect(server.counts.authorizationCode).toBe(0);
  });
});

describe('the registration option', () => {
  it('registers with the client metadata createLogin() was given, whatever the app does to that object afterwards', async () => {
    const server = fakeServer();
    const registration = { client_name: 'My app' };
    visit(`${APP}/`);
    const { login } = openZeroConfigApp(server, { registration });
    registration.client_name = 'Changed later';
    await login.signIn();
    const sent = JSON.parse(server.log.find((entry) => entry.url.endsWith('/oauth/register'))!.body) as Record<string, unknown>;
    expect(sent.client_name).toBe('My app');
  });
});
