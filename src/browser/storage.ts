import { createStore, del, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { LoginError } from '../contract/errors.js';
import { STORE_METHODS, type Store } from '../contract/store.js';
import { OBJECT_STORE, storeKey } from '../session/schema.js';

/** A store that lives only as long as the page. */
export function memoryStore(): Store {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    del: async (key) => void map.delete(key),
    update: async (key, updater) => {
      const next = updater(map.get(key));
      if (next === undefined) map.delete(key);
      else map.set(key, structuredClone(next));
      return next;
    },
  };
}

/**
 * An IndexedDB store in a database of its own (never idb-keyval's shared default one).
 * The first failure (no IndexedDB, private mode, quota) switches it to memory for the rest of the page,
 * keeping the value that failed to be written, and reports it once through `onUnavailable`.
 */
export function indexedDbStore(dbName: string, onUnavailable: (error: LoginError) => void): Store {
  let idb: UseStore | undefined;
  let fallback: Store | undefined;

  const degrade = (cause: unknown): Store => {
    if (!fallback) {
      fallback = memoryStore();
      onUnavailable(new LoginError('storage_unavailable', 'IndexedDB is unavailable; tokens are kept in memory for this page only', { cause }));
    }
    return fallback;
  };
  const run = async <T>(op: (store: UseStore) => Promise<T>, onFail: (memory: Store) => Promise<T>): Promise<T> => {
    if (fallback) return onFail(fallback);
    try {
      // createStore touches indexedDB synchronously, which throws where it does not exist at all.
      idb ??= createStore(dbName, OBJECT_STORE);
      return await op(idb);
    } catch (cause) {
      return onFail(degrade(cause));
    }
  };

  return {
    get: (key) => run((s) => get(key, s), (m) => m.get(key)),
    set: (key, value) => run((s) => set(key, value, s), (m) => m.set(key, value)),
    del: (key) => run((s) => del(key, s), (m) => m.del(key)),
    update: (key, updater) =>
      run(
        // idb-keyval's update() would store undefined rather than delete: same single transaction, with a delete.
        (s) =>
          s('readwrite', async (objectStore) => {
            let next: unknown;
            const request = objectStore.get(key);
            request.onsuccess = () => {
              next = updater(request.result);
              if (next === undefined) objectStore.delete(key);
              else objectStore.put(next, key);
            };
            await promisifyRequest(objectStore.transaction);
            return next;
          }),
        (m) => m.update(key, updater),
      ),
  };
}

/**
 * One database of the schema inside a store that holds them all (a caller's, or the page's memory), its
 * keys prefixed with the database's name. A failure is a `storage_unavailable` LoginError: the store is
 * the caller's code, and what it throws says nothing about the protocol.
 */
export function within(store: Store, database: string): Store {
  const method = (name: keyof Store) => async (key: string, arg: never) => {
    try {
      return await store[name](storeKey(database, key), arg);
    } catch (cause) {
      throw new LoginError('storage_unavailable', 'The "storage" store failed', { cause });
    }
  };
  return Object.fromEntries(STORE_METHODS.map((name) => [name, method(name)])) as unknown as Store;
}
