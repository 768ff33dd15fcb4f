import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);

// The other tab hears the channel message, then re-reads IndexedDB: wait for that, boundedly.
const settled = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 });

describe('signOut()', () => {
  it('revokes the refresh token (RFC 7009), clears storage and moves to signed-out', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    expect(await login.signOut()).toEqual({ revocation: 'revoked' });
    expect(server.counts.revoke).toBe(1);
    const revocation = server.log.find((entry) => entry.url.endsWith('/oauth/revoke'))!;
    const form = new URLSearchParams(revocation.body);
    expect(form.get('token')).toMatch(/^rt-/);
    expect(form.get('token_type_hint')).toBe('refresh_token');
    expect(login.state).toMatchObject({ status: 'signed-out', reason: 'user' });
    expect((await openApp(server).login.ready).status).toBe('signed-out');
  });

  it('still signs out locally when there is no revocation endpoint or it fails, and says so', async () => {
    const server = fakeServer();
    const { login } = await signedIn(server);
    server.queue('/v2/oauth/revoke', () => Promise.reject(new TypeError('Failed to fetch')));
    const warnings: string[] = [];
    login.on('warning', (event) => warnings.push(`${event.code}:${event.error.code}`));
    expect(await login.signOut()).toEqual({ revocation: 'failed' });
    expect(warnings).toEqual(['revocation_failed:network']);
    expect(login.state.status).toBe('signed-out');
    expect((await openApp(server).login.ready).status).toBe('signed-out');

    const quiet = fakeServer({ revocation: false, issuer: 'https://other-auth.localhost/v2' });
    const other = await signedIn(quiet);
    // Telnyx has no revocation endpoint: the app is told the grant lives on at the server.
    expect(await other.login.signOut()).toEqual({ revocation: 'unsupported' });
    expect(quiet.counts.revoke).toBe(0);
    expect(other.login.state.status).toBe('signed-out');
  });

  it('says there was nothing to revoke when signed out already', async () => {
    const { login } = openApp(fakeServer());
    await login.ready;
    expect(await login.signOut()).toEqual({ revocation: 'none' });
  });

  it('tells every other tab, which signs out with reason other_tab', async () => {
    const server = fakeServer();
    const { login: tabA } = await signedIn(server);
    const tabB = openApp(server).login;
    await tabB.ready;
    expect(tabB.state.status).toBe('signed-in');
    const seen: string[] = [];
    tabB.on('signed-out', (event) => seen.push(event.reason));
    await tabA.signOut();
    await settled(() => expect(tabB.state).toMatchObject({ status: 'signed-out', reason: 'other_tab' }));
    expect(seen).toEqual(['other_tab']);
    await expect(tabB.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
  });
});

describe('cross-tab sign-in and refresh', () => {
  it('a tab learns of a sign-in in another tab without reloading', async () => {
    const server = fakeServer();
    const waiting = openApp(server).login;
    expect((await waiting.ready).status).toBe('signed-out');
    const states: string[] = [];
    waiting.subscribe((state) => states.push(state.status));
    await signedIn(server);
    await settled(() => expect(waiting.state.status).toBe('signed-in'));
    expect(states).toContain('signed-in');
    const before = server.log.length;
    await waiting.getAccessToken();
    expect(server.log.length).toBe(before);
  });

  it('subscribe returns a working unsubscribe', async () => {
    const server = fakeServer();
    const { login } = openApp(server);
    const seen: string[] = [];
    const unsubscribe = login.subscribe((state) => seen.push(state.status));
    await login.ready;
    unsubscribe();
    await login.signIn();
    expect(seen).toEqual(['signed-out']);
  });
});
