/** The little key-value surface the SDK keeps its records in; idb-keyval underneath, a Map when IndexedDB fails. */
export interface Store {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /**
   * Atomic read-modify-write (one IndexedDB transaction): the compare-and-set that every write racing
   * another tab goes through. `undefined` deletes. Resolves with what the key holds afterwards.
   */
  update(key: string, updater: (value: unknown) => unknown): Promise<unknown>;
}
