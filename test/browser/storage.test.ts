import { keys } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configDatabase, sessionDatabase } from '../../src/session/schema.js';
import { database } from '../helpers/storage.js';
import { CLIENT_ID, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

describe('storage', () => {
  it('keeps the session in IndexedDB, one database per (issuer, client), never localStorage, cookies or the URL', async () => {
    localStorage.clear();
    const server = fakeServer();
    const { login } = await signedIn(server);
    const token = await login.getAccessToken();
    const names = (await indexedDB.databases()).map((db) => db.name).sort();
    expect(names).toEqual([configDatabase({ issuer: new URL(server.issuer) }), sessionDatabase(server.issuer, CLIENT_ID)]);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    expect(window.location.href).not.toContain(token);
  });

  it('a session that ends on invalid_grant leaves no key behind, and the refresh lease is released', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server);
    server.revokeAll();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    await expect(login.getAccessToken()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(await keys(database(sessionDatabase(server.issuer, CLIENT_ID)))).toEqual([]);
  });

  it('two clients of one issuer keep separate sessions', async () => {
    const server = fakeServer();
    await signedIn(server);
    const other = openApp(server, { clientId: 'another-client' }).login;
    expect((await other.ready).status).toBe('signed-out');
  });

  it("storage: 'memory' keeps nothing across page loads", async () => {
    const server = fakeServer();
    const { login } = await signedIn(server, { storage: 'memory' });
    // The pending sign-in did not survive the redirect, so the callback could not complete.
    expect(login.state).toMatchObject({ status: 'signed-out' });
    expect(login.state.error?.code).toBe('no_pending_sign_in');
    expect(await indexedDB.databases()).toEqual([]);
  });
});

