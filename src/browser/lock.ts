import { sleep } from '../shared/sleep.js';
import type { Store } from '../contract/store.js';
import { LEASE, update, type Lease } from '../session/schema.js';
import type { LoginEnvironment } from './environment.js';

// A lease lasts this long unless renewed: how long the other tabs wait for a holder that died (tab closed).
const LEASE_MS = 10_000;
// Renewed well within its term, so a live holder never loses it to a late timer.
const RENEW_MS = 2_000;
const POLL_MS = 50;

/**
 * Runs `task` while holding a lock shared by every tab of this origin: the Web Locks API where it exists,
 * otherwise a lease taken with an atomic IndexedDB read-modify-write. The lease is renewed while its
 * holder lives, for at most `maxHoldMs` (the longest `task` can take), so a slow holder keeps it and a
 * holder that died loses it within seconds. Waiting is bounded: every lease ends `LEASE_MS` after its
 * holder stops renewing it, which it does when its task ends or `maxHoldMs` has passed.
 *
 * @see https://w3c.github.io/web-locks/
 */
export async function withTabLock<T>(name: string, store: Store, maxHoldMs: number, env: LoginEnvironment, task: () => Promise<T>): Promise<T> {
  if (env.locks) return env.locks.request(name, task);

  const owner = crypto.randomUUID();
  const take = (lease: Lease | undefined, now: number) => (!lease || lease.owner === owner || lease.until <= now ? { owner, until: now + LEASE_MS } : lease);
  while ((await update(store, LEASE, (lease) => take(lease, env.now())))?.owner !== owner) await sleep(POLL_MS);

  const started = env.now();
  const heartbeat = setInterval(() => {
    const now = env.now();
    if (now - started < maxHoldMs) void update(store, LEASE, (lease) => (lease?.owner === owner ? take(lease, now) : lease));
  }, RENEW_MS);
  try {
    return await task();
  } finally {
    clearInterval(heartbeat);
    await update(store, LEASE, (lease) => (lease?.owner === owner ? undefined : lease));
  }
}
