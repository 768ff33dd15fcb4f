// Fault matrix, storage and clock: IndexedDB that refuses to open or to write degrades to memory with a
// warning and loses nothing in the page; a browser clock 10 minutes off the server's neither breaks
// sign-in nor refreshes early or late.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshIndexedDb, openApp, signedIn, visit, popupAuthorizationUrl, postFromPopup, stubPopup } from '../helpers/app.js';
import { API, APP, CLIENT_ID, fakeServer, ISSUER, REDIRECT_URI } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, land, readSession, rejectionOf, startSignIn, tokenRequests } from './helpers.js';
import { set } from 'idb-keyval';
import { PENDING, SCHEMA_VERSION, sessionDatabase, TOKENS } from '../../src/session/schema.js';
import { database, tamper } from '../helpers/storage.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const TEN_MINUTES = 10 * 60_000;

describe('storage faults', () => {
  /** Runs `body` with an IndexedDB that refuses every open, as a private window or blocked site data does. */
  async function withIndexedDbRefused(body: () => Promise<void>): Promise<void> {
    const working = globalThis.indexedDB;
    globalThis.indexedDB = { open: () => { throw new DOMException('The user denied permission', 'SecurityError'); } } as unknown as IDBFactory;
    try {
      await body();
    } finally {
      globalThis.indexedDB = working;
    }
  }

  it('storage: IndexedDB throws on open → storage_unavailable warning once, signed-out; a redirect sign-in is refused with storage_unavailable before leaving, nothing in IndexedDB', async () => {
    const server = fakeServer();
    await withIndexedDbRefused(async () => {
      const warnings: unknown[] = [];
      const { login, navigations } = openApp(server);
      login.on('warning', (event) => warnings.push(event));
      expect((await login.ready).status).toBe('signed-out');
      // Its pending sign-in would live in this page's memory only: the callback could never find it.
      const error = expectLoginError(await rejectionOf(login.signIn()), 'storage_unavailable');
      expect(error.message).toContain('popup');
      expect(navigations).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ code: 'storage_unavailable' });
      expectLoginError((warnings[0] as { error: unknown }).error, 'storage_unavailable');
      expect(login.state).toMatchObject({ status: 'signed-out', error });
    });
    expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined, metadata: undefined });
    expect(server.counts.discovery).toBe(1);
    expect(tokenRequests(server)).toBe(0);
    expectNoBearerOutsideApi(server);
  });

  it('storage: IndexedDB throws on open → a popup sign-in completes in the page and the session lives in memory', async () => {
    const server = fakeServer();
    const { popup, environment } = stubPopup();
    await withIndexedDbRefused(async () => {
      visit(`${APP}/`);
      const { login } = openApp(server, { environment });
      const signingIn = login.signIn({ popup: true });
      const callback = await server.authorize(await popupAuthorizationUrl(popup));
      postFromPopup(popup, callback);
      await signingIn;
      expect(login.state.status).toBe('signed-in');
      expect(await login.getAccessToken()).toMatch(/^at-/);
    });
    expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it('storage: IndexedDB refused when the redirect comes back → storage_unavailable (not no_pending_sign_in), signed-out, no token request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    await withIndexedDbRefused(async () => {
      const { login } = await land(server, callback);
      expectLoginError(login.state.error, 'storage_unavailable');
      expect(login.state.status).toBe('signed-out');
      expect(window.location.search).toBe('');
    });
    expect(tokenRequests(server)).toBe(0);
  });

  it('storage: quota exceeded on write → storage_unavailable warning, signed-in with the new tokens kept in memory, usable without a request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    try {
      visit(callback.href);
      const { login } = openApp(server);
      const warnings: unknown[] = [];
      login.on('warning', (event) => warnings.push(event));
      await login.ready;
      expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
      expect(warnings).toEqual([{ code: 'storage_unavailable', error: expect.objectContaining({ code: 'storage_unavailable' }) }]);
      const requests = server.log.length;
      expect(await login.getAccessToken()).toMatch(/^at-/);
      expect(server.log.length).toBe(requests);
      expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    // Nothing half-written: the pending sign-in was consumed, the tokens never reached the disk.
    expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
    expectNoBearerOutsideApi(server);
  });
});

describe('stored data written by another SDK version, or tampered with', () => {
  it.each([
    ['a codeVerifier that is not a string', { codeVerifier: 42 }],
    ['no state', { state: undefined }],
    ['a returnTo on another origin', { returnTo: 'https://evil.localhost/steal' }],
    ['a protocol-relative returnTo', { returnTo: '//evil.example/steal' }],
    ['another issuer', { issuer: 'https://evil.localhost/v2' }],
    ['another client', { clientId: 'other-client' }],
  ])('storage: a pending sign-in with %s → no_pending_sign_in, ready resolves, signed-out, nothing stored, no token request', async (_name, change) => {
    const server = fakeServer();
    const started = await startSignIn(server);
    await tamper(sessionDatabase(ISSUER, CLIENT_ID), PENDING, { [started.state]: { ...(await readSession()).pending, ...change } });
    visit(started.callback.href);
    const { login } = openApp(server);
    const state = await login.ready;
    expectLoginError(state.error, 'no_pending_sign_in');
    expect(state.status).toBe('signed-out');
    expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined });
    expect(window.location.href).toBe(REDIRECT_URI);
    expect(tokenRequests(server)).toBe(0);
  });
});

describe('stored tokens written by another SDK version, or tampered with', () => {
  it.each([
    ['a string', 'garbage'],
    ['an empty object', {}],
    ['an object with a numeric accessToken', { accessToken: 5, receivedAt: 0 }],
    ['an object whose expiresAt is not a number', { accessToken: 'at-old', receivedAt: 0, expiresAt: 'soon' }],
    // Each with a session id, so the one field named is what makes it unusable.
    ['a session whose sid is not a string', { sid: 7, accessToken: 'at-old', receivedAt: 0 }],
    ['a session with a numeric accessToken', { sid: 's1', accessToken: 5, receivedAt: 0 }],
    ['a session with an empty accessToken', { sid: 's1', accessToken: '', receivedAt: 0 }],
    ['a session whose receivedAt is not a number', { sid: 's1', accessToken: 'at-old', receivedAt: 'yesterday' }],
    ['a session whose receivedAt is NaN', { sid: 's1', accessToken: 'at-old', receivedAt: Number.NaN }],
    ['a session whose refreshToken is not a string', { sid: 's1', accessToken: 'at-old', receivedAt: 0, refreshToken: 7 }],
    ['a session whose expiresAt is not a number', { sid: 's1', accessToken: 'at-old', receivedAt: 0, expiresAt: 'soon' }],
    ['a session whose expiresAt is Infinity', { sid: 's1', accessToken: 'at-old', receivedAt: 0, expiresAt: Number.POSITIVE_INFINITY }],
  ])('storage: a tokens record that is %s → treated as no session: signed-out, login_required, no "Bearer" with a bogus token sent', async (_name, record) => {
    const server = fakeServer();
    await tamper(sessionDatabase(ISSUER, CLIENT_ID), TOKENS, record);
    visit(`${APP}/`);
    const { login } = openApp(server);
    expect((await login.ready).status).toBe('signed-out');
    expectLoginError(await rejectionOf(login.getAccessToken()), 'login_required');
    expectLoginError(await rejectionOf(login.fetch(`${API}/v2/oauth_grants`)), 'login_required');
    expect(login.state.status).toBe('signed-out');
    expect(server.log).toEqual([]);
  });
});

describe('records of another schema version', () => {
  it.each([
    ['without a schema version', (record: unknown) => record],
    ['of another schema version', (record: unknown) => ({ version: SCHEMA_VERSION + 1, value: record })],
  ])('storage: a well-formed tokens record %s → treated as no session: signed-out, login_required, no request', async (_name, envelope) => {
    const server = fakeServer();
    (await signedIn(server)).login.dispose();
    const { tokens } = await readSession();
    await set(TOKENS.name, envelope(tokens), database(sessionDatabase(ISSUER, CLIENT_ID)));
    const requests = server.log.length;
    visit(`${APP}/`);
    const { login } = openApp(server);
    expect((await login.ready).status).toBe('signed-out');
    expectLoginError(await rejectionOf(login.getAccessToken()), 'login_required');
    expect(server.log.length).toBe(requests);
  });
});

describe('clock skew', () => {
  it.each([
    ['10 minutes ahead of', -TEN_MINUTES],
    ['10 minutes behind', TEN_MINUTES],
  ])('clock: a browser %s the server → sign-in succeeds, expiry from expires_in on the local clock, refreshed on time, not early or late', async (_name, clockOffset) => {
    const server = fakeServer({ clockOffset, accessTokenTtl: 3600 });
    const { login } = await signedIn(server);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined, user: { sub: 'alice' } });
    const { tokens } = await readSession();
    expect(tokens!.expiresAt).toBe(tokens!.receivedAt + 3600_000);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(tokens!.receivedAt + (3600 - 61) * 1000);
    expect(await login.getAccessToken()).toBe(tokens!.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    vi.setSystemTime(tokens!.receivedAt + (3600 - 59) * 1000);
    expect(await login.getAccessToken()).not.toBe(tokens!.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect((await login.fetch(`${API}/v2/oauth_grants`)).status).toBe(200);
    expectNoBearerOutsideApi(server);
  });

  it.each([
    ['10 minutes ahead of', -TEN_MINUTES],
    ['10 minutes behind', TEN_MINUTES],
  ])('clock: a browser %s a server issuing 5-minute ID tokens → sign-in succeeds and a refresh carrying a new ID token succeeds', async (_name, clockOffset) => {
    const server = fakeServer({ clockOffset, idTokenTtl: 300, idTokenOnRefresh: true, accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    expect(login.state.error).toBeUndefined();
    expect(login.state).toMatchObject({ status: 'signed-in', user: { sub: 'alice' } });
    const before = await readSession();
    expect(before.tokens?.accessToken).toMatch(/^at-/);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(before.tokens!.expiresAt!);
    const token = await login.getAccessToken();
    expect(token).not.toBe(before.tokens?.accessToken);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined, user: { sub: 'alice' } });
    expect((await readSession()).tokens?.accessToken).toBe(token);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });
});
