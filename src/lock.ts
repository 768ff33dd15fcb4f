import type { Store } from './storage.js';

interface Lease {
  owner: string;
  until: number;
}

const LEASE_KEY = 'refresh-lease';
// Longer than any refresh (request timeout included), so a live holder never loses its lease.
const LEASE_MS = 35_000;
const POLL_MS = 50;

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task` while holding a lock shared by every tab of this origin: the Web Locks API where it exists,
 * otherwise a lease taken with an atomic IndexedDB read-modify-write. A lease whose holder died expires,
 * so waiting is bounded.
 *
 * @see https://w3c.github.io/web-locks/
 */
export async function withTabLock<T>(name: string, store: Store, task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (locks) return locks.request(name, task);

  const owner = crypto.randomUUID();
  const deadline = Date.now() + LEASE_MS;
  for (;;) {
    const now = Date.now();
    await store.update<Lease>(LEASE_KEY, (lease) => (!lease || lease.until <= now ? { owner, until: now + LEASE_MS } : lease));
    if ((await store.get<Lease>(LEASE_KEY))?.owner === owner) break;
    if (now >= deadline) break; // the holder is gone without releasing: go ahead rather than hang
    await sleep(POLL_MS);
  }
  try {
    return await task();
  } finally {
    await store.update<Lease>(LEASE_KEY, (lease) => (lease?.owner === owner ? undefined : lease));
  }
}
