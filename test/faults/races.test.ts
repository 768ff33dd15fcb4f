// Fault matrix, session races: what a user meets when two things happen at once: a sign-out while a
// refresh is in flight, two tabs signing in, a forged callback while the real sign-in is on the consent
// page, two controllers on one redirect URI, a slow refresh without Web Locks, a foreign channel message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login } from '../../src/index.js';
import { freshIndexedDb, openApp, popupAuthorizationUrl, signedIn, stubPopup, visit } from '../helpers/app.js';
import { API, APP, CLIENT_ID, fakeServer, ISSUER, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, land, readSession, rejectionOf, startSignIn, tokenRequests } from './helpers.js';
import { LEASE, sessionDatabase } from '../../src/session/schema.js';
import { tamper } from '../helpers/storage.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

// Another tab hears the channel message, then re-reads IndexedDB: wait for that, boundedly.
const settled = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 });

/**
 * The next token request is answered by the server at once (so a rotating refresh token is spent), but
 * the answer reaches the browser only on `release()`: a slow network, or a tab frozen mid-request.
 */
function holdNextTokenResponse(server: FakeServer) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: { body?: { access_token: string; refresh_token?: string; error?: string } } = {};
  server.queue(server.tokenPath, async (request) => {
    const response = await server.respond(request);
    held.body = (await response.clone().json()) as typeof held.body;
    await released;
    return response;
  });
  return { held, release, answered: () => settled(() => expect(held.body).toBeDefined()) };
}

/** What the API says to an access token: 200 while its grant lives, 401 once revoked. */
const apiStatus = async (server: FakeServer, accessToken: string) =>
  (await server.fetch(`${API}/v2/oauth_grants`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

/** A page whose access token (100 s) is due for refresh. */
async function dueForRefresh(server: FakeServer) {
  const page = await signedIn(server);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 100_000);
  return page.login;
}

describe('sign-out against a refresh in flight', () => {
  it('session: after signOut() resolves no tab holds a session, whatever refresh was in flight (same tab) → nothing stored, a reload is signed out, the renewed grant is revoked', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const login = await dueForRefresh(server);
    const slow = holdNextTokenResponse(server);
    const refreshing = login.getAccessToken().catch((err: unknown) => err);
    await slow.answered();

    await login.signOut();
    slow.release();
    expectLoginError(await refreshing, 'login_required');
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'user' });
    expect((await readSession()).tokens).toBeUndefined();
    expect((await openApp(server).login.ready).status).toBe('signed-out');
    // The refresh token the server issued for the signed-out session was revoked: its grant is over.
    expect(await apiStatus(server, slow.held.body!.access_token)).toBe(401);
  });

  it('session: after signOut() resolves no tab holds a session, whatever refresh was in flight (another tab) → both tabs signed out, nothing stored, the renewed grant is revoked', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const tabA = await dueForRefresh(server);
    const tabB = openApp(server).login;
    await tabB.ready;
    const slow = holdNextTokenResponse(server);
    const refreshing = tabA.getAccessToken().catch((err: unknown) => err);
    await slow.answered();

    await tabB.signOut();
    slow.release();
    expectLoginError(await refreshing, 'login_required');
    await settled(() => expect(tabA.state.status).toBe('signed-out'));
    expect(tabB.state).toMatchObject({ status: 'signed-out', reason: 'user' });
    expect((await readSession()).tokens).toBeUndefined();
    expect((await openApp(server).login.ready).status).toBe('signed-out');
    expect(await apiStatus(server, slow.held.body!.access_token)).toBe(401);
  });

  it("session: a refresh whose session changed while in flight is discarded → another user's newer sign-in in another tab stays, the stale grant is revoked", async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const tabA = await dueForRefresh(server);
    const slow = holdNextTokenResponse(server);
    const refreshing = tabA.getAccessToken().catch((err: unknown) => err);
    await slow.answered();

    // Meanwhile, in another tab, alice signs out and bob signs in.
    await openApp(server).login.signOut();
    visit(`${APP}/`);
    const start = openApp(server);
    await start.login.signIn();
    visit(await server.authorize(start.navigations[0]!, { user: 'bob' }));
    const bob = openApp(server).login;
    await bob.ready;
    const bobs = (await readSession()).tokens!;

    slow.release();
    // The caller gets the session there is now, and the renewed refresh token is the one revoked.
    expect(await refreshing).toBe(bobs.accessToken);
    const revocation = new URLSearchParams(server.log.filter((entry) => entry.url.endsWith('/oauth/revoke')).at(-1)!.body);
    expect([revocation.get('token'), revocation.get('token_type_hint')]).toEqual([slow.held.body!.refresh_token, 'refresh_token']);
    expect((await readSession()).tokens).toEqual(bobs);
    await settled(() => expect(tabA.state).toMatchObject({ status: 'signed-in', user: { sub: 'bob' } }));
    expect(await tabA.getAccessToken()).toBe(bobs.accessToken);
    expect(await apiStatus(server, bobs.accessToken)).toBe(200);
    expect(await apiStatus(server, slow.held.body!.access_token)).toBe(401);
  });
});

describe('pending sign-ins', () => {
  it('sign-in: two tabs signing in at once → both callbacks complete, no error', async () => {
    const server = fakeServer();
    const first = await startSignIn(server, {}, `${APP}/one`);
    const second = await startSignIn(server, {}, `${APP}/two`);
    const { login: a } = await land(server, first.callback);
    expect(a.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(window.location.href).toBe(`${APP}/one`);
    const { login: b } = await land(server, second.callback);
    expect(b.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(window.location.href).toBe(`${APP}/two`);
    expect(tokenRequests(server, 'authorization_code')).toBe(2);
    expect((await readSession()).pendings).toEqual([]);
  });

  it('sign-in: a forged callback loaded while the user is on the consent page consumes nothing → state_mismatch, no token request; the real callback then signs in', async () => {
    const server = fakeServer();
    const { callback, state } = await startSignIn(server);
    const forged = `${REDIRECT_URI}?code=attacker-code&state=forged&iss=${encodeURIComponent(server.issuer)}`;
    const { login: victim } = await land(server, forged);
    expectLoginError(victim.state.error, 'state_mismatch');
    expect(tokenRequests(server)).toBe(0);
    expect((await readSession()).pendings.map((pending) => pending.state)).toEqual([state]);

    const { login } = await land(server, callback);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it("sign-in: a failed signIn() in one tab (popup closed) leaves another tab's sign-in alone → its callback completes", async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    const { popup, environment } = stubPopup();
    visit(`${APP}/`);
    const other = openApp(server, { environment }).login;
    // The opener checks the popup on an interval: a fake one, with the clock it reads.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const failing = other.signIn({ popup: true }).catch((err: unknown) => err);
    await popupAuthorizationUrl(popup);
    popup.closed = true;
    // The opener's next check sees it closed; it gives up once it has stayed closed for a second.
    await vi.advanceTimersByTimeAsync(2_000);
    expectLoginError(await failing, 'popup_closed');
    other.dispose();

    const { login } = await land(server, callback);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
  });

  it('sign-in: a pending sign-in expires after 30 minutes → its callback is refused (no_pending_sign_in), nothing exchanged, expired ones cleaned from storage', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const { login } = await land(server, callback);
    expectLoginError(login.state.error, 'no_pending_sign_in');
    expect(login.state.status).toBe('signed-out');
    expect(tokenRequests(server)).toBe(0);
    expect((await readSession()).pendings).toEqual([]);

    // An abandoned sign-in does not linger either: the next one to start drops it.
    await startSignIn(server);
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const fresh = await startSignIn(server);
    expect((await readSession()).pendings.map((pending) => pending.state)).toEqual([fresh.state]);
  });
});

describe('two controllers on one redirect URI', () => {
  const other = { clientId: 'other-client', apiOrigins: ['https://other-api.localhost'] };

  it.each([
    ['after', false],
    ['before', true],
  ])('callback: a controller only completes a sign-in it started → another client on the same redirect URI (created %s ours) stays signed out and sends no token', async (_name, theirsFirst) => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    visit(callback.href);
    const theirs = theirsFirst ? openApp(server, other).login : undefined;
    const ours = openApp(server).login;
    const them = theirs ?? openApp(server, other).login;
    await Promise.all([ours.ready, them.ready]);

    expect(ours.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(them.state.status).toBe('signed-out');
    expect((await readSession(ISSUER, 'other-client')).tokens).toBeUndefined();
    expectLoginError(await rejectionOf(them.fetch('https://other-api.localhost/data')), 'login_required');
    expect(server.log.filter((entry) => entry.authorization !== null)).toEqual([]);
    expect((await readSession(ISSUER, CLIENT_ID)).tokens?.accessToken).toBe(await ours.getAccessToken());
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });
});

describe('refresh without Web Locks (IndexedDB lease)', () => {
  const environment = { locks: undefined };

  /** Two tabs of a signed-in app whose access token (100 s) is due, with the clock faked as `toFake` says. */
  async function twoTabs(server: FakeServer, toFake: ('Date' | 'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval')[], timeout: number) {
    await signedIn(server, { timeout, environment });
    const tabs = [openApp(server, { timeout, environment }).login, openApp(server, { timeout, environment }).login] as const;
    await Promise.all(tabs.map((tab) => tab.ready));
    const endings: string[] = [];
    for (const tab of tabs) tab.on('signed-out', (event) => endings.push(event.reason));
    vi.useFakeTimers({ toFake, now: Date.now() + 100_000 });
    return { tabs, endings };
  }

  it('refresh: the lease lasts as long as its holder lives → a refresh slower than any fixed lease (40 s) is still made once; the other tab waits and gets the same token', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { tabs: [tabA, tabB], endings } = await twoTabs(server, ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], 60_000);
    const slow = holdNextTokenResponse(server);
    const a = tabA.getAccessToken();
    await slow.answered();
    for (let second = 0; second < 40; second++) await vi.advanceTimersByTimeAsync(1000); // tab A is still waiting
    const b = tabB.getAccessToken();
    // Tab B gets 2 s and many turns of IndexedDB: it sees tab A's lease, renewed, and waits.
    for (let turn = 0; turn < 40; turn++) {
      await vi.advanceTimersByTimeAsync(50);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    slow.release();
    const token = await a;
    await vi.advanceTimersByTimeAsync(1000);
    expect(await b).toBe(token);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect([tabA.state.status, tabB.state.status, endings]).toEqual(['signed-in', 'signed-in', []]);
    expect((await readSession()).tokens?.accessToken).toBe(token);
  });

  it('refresh: invalid_grant for a refresh token storage no longer holds adopts the newer stored session → no tab signs out, no signed-out broadcast', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    // Tab A freezes mid-refresh (its timers stop), long enough for its lease to run out.
    const { tabs: [tabA, tabB], endings } = await twoTabs(server, ['Date', 'setInterval', 'clearInterval'], 30_000);
    const first = holdNextTokenResponse(server);
    const a = tabA.getAccessToken();
    await first.answered();
    vi.setSystemTime(Date.now() + 60_000);
    // Tab B takes the lapsed lease and spends the refresh token tab A already spent: invalid_grant, held back.
    const second = holdNextTokenResponse(server);
    const b = tabB.getAccessToken();
    await second.answered();
    expect(second.held.body?.error).toBe('invalid_grant');
    first.release();
    const token = await a;
    second.release();
    expect(await b).toBe(token);
    expect([tabA.state.status, tabB.state.status, endings]).toEqual(['signed-in', 'signed-in', []]);
    expect((await readSession()).tokens?.accessToken).toBe(token);
  });

  it('refresh: a lease record this version cannot read (until is not a number, another version or tampering) → not waited for: one refresh, the lease released', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const before = await login.getAccessToken();
    await tamper(sessionDatabase(ISSUER, CLIENT_ID), LEASE, { owner: 'another-tab', until: 'never' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 100_000 });
    expect(await login.getAccessToken()).not.toBe(before);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect((await readSession()).lease).toBeUndefined();
  });
});

describe('the cross-tab channel', () => {
  it('sync: a message from a same-origin page that is not ours neither signs a tab out nor in; storage decides', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    const states: string[] = [];
    login.subscribe((state) => states.push(state.status));
    const foreign = new BroadcastChannel(sessionDatabase(ISSUER, CLIENT_ID));
    foreign.postMessage({ type: 'signed-out' });
    foreign.close();
    // A real change, posted after the foreign message: once this tab shows it, it has handled both.
    const other: Login = openApp(server).login;
    await other.ready;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    const renewed = await other.getAccessToken();
    await settled(() => expect(login.state.expiresAt).toBe(other.state.expiresAt));
    expect(states).not.toContain('signed-out');
    expect(await login.getAccessToken()).toBe(renewed);
  });
});

describe('a failed sign-in cleans up after itself', () => {
  it("sign-in: a popup closed → that sign-in's pending entry is dropped, another tab's stays", async () => {
    const server = fakeServer();
    const { state } = await startSignIn(server);
    const { popup, environment } = stubPopup();
    visit(`${APP}/`);
    const login = openApp(server, { environment }).login;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const failing = login.signIn({ popup: true }).catch((err: unknown) => err);
    await popupAuthorizationUrl(popup);
    expect((await readSession()).pendings).toHaveLength(2);
    popup.closed = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expectLoginError(await failing, 'popup_closed');
    expect((await readSession()).pendings.map((pending) => pending.state)).toEqual([state]);
  });
});
