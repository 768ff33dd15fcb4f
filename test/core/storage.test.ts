import { beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';

beforeEach(freshIndexedDb);

describe('storage', () => {
  it('keeps the session in IndexedDB, one database per (issuer, client), never localStorage, cookies or the URL', async () => {
    localStorage.clear();
    const server = fakeServer();
    const { login } = await signedIn(server);
    const token = await login.getAccessToken();
    const names = (await indexedDB.databases()).map((db) => db.name).sort();
    expect(names).toEqual([`telnyx-login:${server.issuer}`, `telnyx-login:${server.issuer}:${CLIENT_ID}`]);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    expect(window.location.href).not.toContain(token);
  });

  it('two clients of one issuer keep separate sessions', async () => {
    const server = fakeServer();
    await signedIn(server);
    const other = openApp(server, { clientId: 'another-client' }).login;
    expect((await other.ready).status).toBe('signed-out');
  });

  it('falls back to memory with a storage_unavailable warning when IndexedDB cannot be opened', async () => {
    const server = fakeServer();
    const broken = globalThis.indexedDB;
    globalThis.indexedDB = { open: () => { throw new DOMException('The user denied permission', 'SecurityError'); } } as unknown as IDBFactory;
    try {
      const warnings: string[] = [];
      const { login, navigations } = openApp(server);
      login.on('warning', (event) => warnings.push(`${event.code}:${event.error.code}`));
      expect((await login.ready).status).toBe('signed-out');
      await login.signIn();
      expect(navigations).toHaveLength(1);
      expect(warnings).toEqual(['storage_unavailable:storage_unavailable']);
    } finally {
      globalThis.indexedDB = broken;
    }
  });

  it('a quota error on write keeps the new tokens in memory and warns, losing nothing', async () => {
    const server = fakeServer();
    const { login: start, navigations } = openApp(server);
    await start.signIn();
    start.dispose();
    const callback = await server.authorize(navigations[0]!);
    window.happyDOM.setURL(callback);
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    try {
      const { login } = openApp(server);
      const warnings: string[] = [];
      login.on('warning', (event) => warnings.push(event.code));
      expect((await login.ready).status).toBe('signed-in');
      expect(warnings).toEqual(['storage_unavailable']);
      expect(await login.getAccessToken()).toMatch(/^at-/);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
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
