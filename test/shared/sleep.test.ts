import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { sleep } from '../../src/shared/sleep.js';

// The clock is an edge: faked, so waits are exact and instant.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** 'pending', 'resolved' or the rejection reason, without waiting for a settlement that may never come. */
async function settled(promise: Promise<void>): Promise<unknown> {
  let outcome: unknown = 'pending';
  promise.then(() => (outcome = 'resolved'), (reason: unknown) => (outcome = reason));
  await vi.advanceTimersByTimeAsync(0);
  return outcome;
}

describe('sleep', () => {
  test('resolves after exactly `ms`, not before', async () => {
    const done = sleep(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(done)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(done)).toBe('resolved');
  });

  test('an abort during the wait rejects at once with the reason and clears the timer', async () => {
    const controller = new AbortController();
    const done = sleep(10_000, controller.signal);
    await vi.advanceTimersByTimeAsync(100);
    const reason = new Error('unmounted');
    controller.abort(reason);
    expect(await settled(done)).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('an already aborted signal rejects without starting a timer', async () => {
    const reason = new Error('gone');
    const done = sleep(10, AbortSignal.abort(reason));
    expect(vi.getTimerCount()).toBe(0);
    expect(await settled(done)).toBe(reason);
  });
});
