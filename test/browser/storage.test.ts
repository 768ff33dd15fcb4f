import { keys } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/index.js';
import { configDatabase, LEASE, METADATA, PENDING, sessionDatabase, storeKey, TOKENS } from '../../src/session/schema.js';
import type { StoredTokens } from '../../src/session/tokens.js';
import { database, unsealed } from '../helpers/storage.js';
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

/** A store of the caller's, in a Map, that records every key written or removed. */
function callerStore() {
  const map = new Map<string, unknown>();
  const written = new Set<string>();
  const store: Store = {
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => {
      written.add(key);
      map.set(key, structuredClone(value));
    },
    del: async (key) => {
      written.add(key);
      map.delete(key);
    },
    update: async (key, updater) => {
      const next = updater(structuredClone(map.get(key)));
      written.add(key);
      if (next === undefined) map.delete(key);
      else map.set(key, structuredClone(next));
      return structuredClone(next);
    },
  };
  return { store, map, written };
}

describe('storage: a Store of the caller\'s', () => {
  it('gets every write of sign-in, refresh (with its lease) and sign-out, under keys naming the database; IndexedDB is never opened; sign-out leaves only the cached metadata', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { store, map, written } = callerStore();
    const session = sessionDatabase(server.issuer, CLIENT_ID);
    const config = configDatabase({ issuer: new URL(server.issuer) });
    // Without Web Locks, so the refresh takes its lease in the store too.
    const { login } = await signedIn(server, { storage: store, environment: { locks: undefined } });
    expect(login.state.status).toBe('signed-in');
    expect([...written].sort()).toEqual([storeKey(config, METADATA.name), storeKey(session, PENDING.name), storeKey(session, TOKENS.name)].sort());
    expect([...map.keys()].sort()).toEqual([storeKey(config, METADATA.name), storeKey(session, TOKENS.name)].sort());

    const first = await login.getAccessToken();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    const renewed = await login.getAccessToken();
    expect(renewed).not.toBe(first);
    expect(unsealed<StoredTokens>(map.get(storeKey(session, TOKENS.name)))?.accessToken).toBe(renewed);
    expect(written).toContain(storeKey(session, LEASE.name));
    expect(map.has(storeKey(session, LEASE.name))).toBe(false); // released

    await login.signOut();
    expect([...map.keys()]).toEqual([storeKey(config, METADATA.name)]);
    expect(await indexedDB.databases()).toEqual([]);
  });

  it('keeps two clients of one issuer apart: each signs in to its own session, and one signing out leaves the other', async () => {
    const server = fakeServer();
    const { store, map } = callerStore();
    const first = await signedIn(server, { storage: store });
    const second = await signedIn(server, { storage: store, clientId: 'another-client' });
    expect([first.login.state.status, second.login.state.status]).toEqual(['signed-in', 'signed-in']);
    expect(await first.login.getAccessToken()).not.toBe(await second.login.getAccessToken());

    await second.login.signOut();
    expect(map.has(storeKey(sessionDatabase(server.issuer, 'another-client'), TOKENS.name))).toBe(false);
    const again = openApp(server, { storage: store }).login;
    expect((await again.ready).status).toBe('signed-in');
    expect(await again.getAccessToken()).toBe(await first.login.getAccessToken());
  });

  it('a store that rejects → storage_unavailable, its error as the cause', async () => {
    const server = fakeServer();
    const failure = new Error('disk full');
    const { store } = callerStore();
    const { login } = openApp(server, { storage: { ...store, get: () => Promise.reject(failure) } });
    const state = await login.ready;
    expect(state).toMatchObject({ status: 'error', error: { code: 'storage_unavailable' } });
    expect(state.error?.cause).toBe(failure);
  });
});
