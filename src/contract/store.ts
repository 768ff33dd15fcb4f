/**
 * Where the SDK keeps what outlives a call: tokens, pending sign-ins, cached metadata, registered clients
 * and, where Web Locks are missing, the refresh lease. Pass one as the `storage` option to keep them
 * somewhere other than IndexedDB (an encrypted store, a native shell's storage, a test double).
 *
 * Everything goes into this one store, under keys that name the database it would have had in IndexedDB
 * (the issuer, the client or the resource) and the record: two controllers of different issuers or clients
 * never share a record. Values are plain data (objects, strings, numbers) that survive `structuredClone`;
 * `get` and `update` should return copies, as IndexedDB does, not objects the store keeps. The SDK checks
 * every value it reads, so a value it did not write is treated as absent, never used.
 *
 * A store that rejects fails the call that needed it with a `LoginError` coded `storage_unavailable`.
 *
 * @example
 * const map = new Map<string, unknown>();
 * const storage: Store = {
 *   get: async (key) => structuredClone(map.get(key)),
 *   set: async (key, value) => void map.set(key, structuredClone(value)),
 *   del: async (key) => void map.delete(key),
 *   // Atomic within this page: nothing runs between the read and the write (a store that tabs share
 *   // needs a transaction here).
 *   update: async (key, updater) => {
 *     const next = updater(structuredClone(map.get(key)));
 *     if (next === undefined) map.delete(key);
 *     else map.set(key, structuredClone(next));
 *     return structuredClone(next);
 *   },
 * };
 * const login = createLogin({ issuer: 'https://api.telnyx.com', clientId: 'my-client', redirectUri: `${location.origin}/callback`, storage });
 */
export interface Store {
  /** The value under `key`, or undefined when there is none. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key`, replacing what was there. */
  set(key: string, value: unknown): Promise<void>;
  /** Removes `key`; nothing happens when it is absent. */
  del(key: string): Promise<void>;
  /**
   * Replaces the value under `key` with what `updater` returns for the current one (undefined: absent),
   * and resolves with it; an `undefined` result removes the key.
   *
   * Must be atomic across every tab that uses the store: no other write to `key` may land between the read
   * and the write. The SDK's cross-tab guarantees rest on it: a rotating refresh token used once, a sign-out
   * that no refresh in flight can undo, one sign-in's completion kept against another's. A store that
   * retries a conflicting transaction may call `updater` again with the newer value: the SDK's updaters
   * only compute the next value (and note the one they saw), so a second call is harmless.
   */
  update(key: string, updater: (value: unknown) => unknown): Promise<unknown>;
}

/** The methods a {@link Store} has. @internal */
export const STORE_METHODS = ['get', 'set', 'del', 'update'] as const;
