import { LoginError } from '../contract/errors.js';
import type { Store } from '../contract/store.js';
import { indexedDbStore, memoryStore, within } from './storage.js';

/** The stores one controller opens, and what it learnt of IndexedDB in this page. */
export interface Stores {
  open(name: string): Store;
  /**
   * The first IndexedDB failure in this page: from then on what a redirect leaves behind (the pending
   * sign-in, a zero-config client) lives in memory only, and would be gone when the redirect comes back.
   */
  readonly failure: LoginError | undefined;
  /** `error`, or storage_unavailable when a missing pending sign-in is IndexedDB's doing, not the user's. */
  blame(error: LoginError): LoginError;
}

/**
 * Opens stores as the `storage` option says: an IndexedDB database per schema database, the first failure
 * reported once through `onUnavailable`; or one store that holds every database (the page's memory, or
 * the caller's {@link Store}), each under its own keys.
 */
export function createStores(storage: 'indexeddb' | 'memory' | Store, onUnavailable: (error: LoginError) => void): Stores {
  const shared = storage === 'indexeddb' ? undefined : storage === 'memory' ? memoryStore() : storage;
  let failure: LoginError | undefined;
  const unavailable = (error: LoginError): void => {
    if (failure) return;
    failure = error;
    onUnavailable(error);
  };
  return {
    open: (name) => (shared ? within(shared, name) : indexedDbStore(name, unavailable)),
    get failure() {
      return failure;
    },
    blame: (error) =>
      error.code === 'no_pending_sign_in' && failure
        ? new LoginError('storage_unavailable', 'Sign-in failed: this browser refuses IndexedDB here, so the sign-in started before cannot be found', { cause: failure.cause })
        : error,
  };
}
