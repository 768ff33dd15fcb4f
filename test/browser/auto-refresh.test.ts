// autoRefresh: the session is refreshed when its token is due, on a timer, while the page is visible, so
// state.expiresAt moves as refreshes happen. Fake clocks (setTimeout and Date); the page's visibility comes
// from the environment; the network is the fake authorization server and storage is fake-indexeddb,
// neither of which uses setTimeout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login } from '../../src/index.js';
import { freshIndexedDb, signedIn } from '../helpers/app.js';
import { fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { offline, tokenRequests } from '../faults/helpers.js';

beforeEach(async () => {
  await freshIndexedDb();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

/** The page's visibility as the environment reports it, visible at first, with who listens for a change. */
let visible = true;
let listeners = new Set<() => void>();
beforeEach(() => {
  visible = true;
  listeners = new Set();
});
const environment = {
  visible: () => visible,
  onVisibilityChange(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

function setVisibility(state: DocumentVisibilityState): void {
  visible = state === 'visible';
  for (const listener of listeners) listener();
}

/**
 * Lets real tasks run (fake-indexeddb answers in setImmediate, which is not faked) until `done()`, for at
 * most 200 turns of the event loop.
 */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

const refreshed = (login: Login) => new Promise((resolve) => login.on('refreshed', resolve));

/** A page signed in with 100 s tokens: due for refresh 50 s after they were issued (half the lifetime). */
async function signedInWith(server: FakeServer, autoRefresh: boolean | undefined) {
  const { login } = await signedIn(server, { autoRefresh, refreshRetries: 0, environment });
  return { login, expiresAt: login.state.expiresAt! };
}

describe('autoRefresh', () => {
  it('refreshes when the token is due, while visible, so expiresAt moves with no call; then again at the next due time', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, expiresAt } = await signedInWith(server, true);
    await vi.advanceTimersByTimeAsync(49_000);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);

    const first = refreshed(login);
    await vi.advanceTimersByTimeAsync(1_000);
    await first;
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(login.state).toMatchObject({ status: 'signed-in', expiresAt: expiresAt + 50_000 });

    const second = refreshed(login);
    await vi.advanceTimersByTimeAsync(50_000);
    await second;
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
    login.dispose();
  });

  it('is off by default: nothing happens until the token is used', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, expiresAt } = await signedInWith(server, undefined);
    await vi.advanceTimersByTimeAsync(200_000);
    await until(() => tokenRequests(server, 'refresh_token') > 0);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    expect(login.state.expiresAt).toBe(expiresAt);
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('waits while the page is hidden, and refreshes when it becomes visible', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedInWith(server, true);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(200_000);
    await until(() => tokenRequests(server, 'refresh_token') > 0);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);

    const done = refreshed(login);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(login.state.expiresAt).toBeGreaterThan(Date.now());
    login.dispose();
  });

  it('does not repeat a timed refresh that failed (tokens kept); becoming visible again tries once more', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login, expiresAt } = await signedInWith(server, true);
    server.queue(server.tokenPath, offline);
    await vi.advanceTimersByTimeAsync(50_000);
    await until(() => tokenRequests(server, 'refresh_token') === 1 && !login.state.refreshing);
    expect(login.state).toMatchObject({ status: 'signed-in', expiresAt });

    await vi.advanceTimersByTimeAsync(500_000);
    await until(() => tokenRequests(server, 'refresh_token') > 1);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);

    const done = refreshed(login);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
    login.dispose();
  });

  it('stops with dispose()', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedInWith(server, true);
    login.dispose();
    await vi.advanceTimersByTimeAsync(200_000);
    await until(() => tokenRequests(server, 'refresh_token') > 0);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
  });

  it('takes long lifetimes in steps: a token of a year is not refreshed early (setTimeout fires at once past 24.8 days)', async () => {
    const server = fakeServer({ accessTokenTtl: 365 * 24 * 3600 });
    const { login } = await signedInWith(server, true);
    const refreshing: boolean[] = [];
    login.subscribe((state) => refreshing.push(state.refreshing === true));
    await vi.advanceTimersByTimeAsync(30 * 24 * 3600 * 1000);
    await until(() => refreshing.length > 0);
    expect(refreshing).toEqual([]); // not even a refresh that found the token fresh
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    login.dispose();
  });

  it('refuses a non-boolean', async () => {
    await expect(signedIn(fakeServer(), { autoRefresh: 'yes' as unknown as boolean })).rejects.toThrow('"autoRefresh" must be a boolean');
  });
});
