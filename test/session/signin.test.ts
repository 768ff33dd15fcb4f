import { beforeEach, describe, expect, it } from 'vitest';
import { APP, CLIENT_ID, fakeServer, REDIRECT_URI } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';

beforeEach(freshIndexedDb);

describe('signIn()', () => {
  it('redirects to the authorization endpoint with PKCE S256, state, nonce and the exact redirect_uri', async () => {
    const server = fakeServer();
    visit(`${APP}/settings?tab=2`);
    const { login, navigations } = openApp(server);
    await login.ready;
    await login.signIn({ extraParams: { prompt: 'login' } });

    expect(navigations).toHaveLength(1);
    const url = new URL(navigations[0]!);
    expect(url.origin + url.pathname).toBe(`${server.issuer}/oauth/authorize`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')).toBe('openid profile admin');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('prompt')).toBe('login');
    expect(login.state.status).toBe('signing-in');
  });

  it('sends no nonce without openid, and the RFC 8707 resource when configured', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations } = openApp(server, { scope: 'admin', resource: 'https://api.localhost/v2' });
    await login.signIn();
    const q = new URL(navigations[0]!).searchParams;
    expect(q.has('nonce')).toBe(false);
    expect(q.get('resource')).toBe('https://api.localhost/v2');
  });

  it('refuses extraParams that would override PKCE, state or nonce, before navigating', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations } = openApp(server);
    await expect(login.signIn({ extraParams: { state: 'mine' } })).rejects.toThrow(TypeError);
    await expect(login.signIn({ extraParams: { code_challenge: 'x' } })).rejects.toThrow('"extraParams.code_challenge"');
    expect(navigations).toHaveLength(0);
  });

  it('completes the callback: code exchanged once, tokens stored, URL cleaned, returnTo honoured', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server, {}, `${APP}/settings?tab=2#top`);
    expect(login.state.status).toBe('signed-in');
    expect(login.state.user).toMatchObject({ sub: 'alice', name: 'User alice' });
    expect(login.state.expiresAt).toBeGreaterThan(Date.now());
    expect(server.counts.authorizationCode).toBe(1);
    expect(window.location.href).toBe(`${APP}/settings?tab=2#top`);
    expect(await login.getAccessToken()).toMatch(/^at-/);
  });

  it('returns to the page sign-in started on, without code, state or iss, when returnTo is not given', async () => {
    const server = fakeServer();
    await signedIn(server, {}, `${APP}/callback?keep=1`);
    expect(window.location.href).toBe(`${APP}/callback?keep=1`);
  });

  it('a second run of the same callback (StrictMode, two controllers) makes one code exchange and stays signed in', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const start = openApp(server);
    await start.login.signIn();
    visit(await server.authorize(start.navigations[0]!));
    const a = openApp(server);
    const b = openApp(server);
    await Promise.all([a.login.ready, b.login.ready]);
    expect(server.counts.authorizationCode).toBe(1);
    expect(a.login.state.status).toBe('signed-in');
    expect(b.login.state.status).toBe('signed-in');
  });

  it('a replayed callback URL (back button after sign-in) neither errors nor signs out', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const start = openApp(server);
    await start.login.signIn();
    const callback = await server.authorize(start.navigations[0]!);
    visit(callback);
    await openApp(server).login.ready;
    visit(callback);
    const again = openApp(server);
    const state = await again.login.ready;
    expect(state.status).toBe('signed-in');
    expect(state.error).toBeUndefined();
    expect(server.counts.authorizationCode).toBe(1);
    expect(window.location.search).toBe('');
  });
});

describe('a refused sign-in that asked for no scope', () => {
  it('says to pass "scope"; one that asked for a scope does not', async () => {
    for (const scope of [undefined, 'numbers.read']) {
      const server = fakeServer();
      visit(`${APP}/`);
      const start = openApp(server, { scope });
      await start.login.signIn();
      start.login.dispose();
      visit(await server.authorize(start.navigations[0]!, { deny: true }));
      const { login } = openApp(server, { scope });
      await login.ready;
      expect(login.state.error).toMatchObject({ code: 'access_denied', error: 'access_denied' });
      if (scope === undefined) {
        expect(login.state.error?.message).toBe(`Sign-in failed: The user denied the request (no scope was asked for: pass "scope" to createLogin(), e.g. scope: ['numbers.read'])`);
      } else {
        expect(login.state.error?.message).toBe('Sign-in failed: The user denied the request');
      }
    }
  });
});

describe('the RFC 8707 resource as written', () => {
  it.each([
    ['https://api.localhost', 'https://api.localhost'],
    ['https://api.localhost/', 'https://api.localhost/'],
    ['https://api.localhost/v2/', 'https://api.localhost/v2/'],
  ])('resource %s is sent as %s, on the authorization request and the code exchange', async (resource, sent) => {
    const server = fakeServer();
    visit(`${APP}/`);
    const { login, navigations } = openApp(server, { resource });
    await login.signIn();
    expect(new URL(navigations[0]!).searchParams.get('resource')).toBe(sent);
    visit(await server.authorize(navigations[0]!));
    const { login: back } = openApp(server, { resource });
    expect((await back.ready).status).toBe('signed-in');
    const exchange = new URLSearchParams(server.log.find((entry) => entry.body.includes('grant_type=authorization_code'))!.body);
    expect(exchange.get('resource')).toBe(sent);
  });
});

