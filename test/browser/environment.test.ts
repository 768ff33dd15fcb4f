// The environment option replaces the page around a controller. Its clock is the SDK's one clock: here
// Date is left alone (real), a year away from the test's own clock, which alone decides when a token is
// due and when a pending sign-in has expired, with oauth4webapi's ID token checks keeping to it.
import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb, openApp, signedIn } from '../helpers/app.js';
import { fakeServer } from '../helpers/fake-server.js';
import { expectLoginError, land, startSignIn, tokenRequests } from '../faults/helpers.js';

beforeEach(freshIndexedDb);

const YEAR_MS = 365 * 24 * 3600_000;
const PENDING_TTL_MS = 30 * 60_000;

describe('the environment clock', () => {
  it('a token is due when the environment clock reaches expiresAt - refreshLeeway (60 s), not a millisecond earlier: one refresh request then, none before', async () => {
    // A year ahead of Date, as the server's is: by Date, the token would stay fresh for a year.
    let now = Date.now() + YEAR_MS;
    const server = fakeServer({ clockOffset: YEAR_MS });
    const { login } = await signedIn(server, { environment: { now: () => now } });
    const expiresAt = login.state.expiresAt!;
    expect(expiresAt).toBe(now + 3600_000);

    now = expiresAt - 60_001;
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    now = expiresAt - 60_000;
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(login.state.expiresAt).toBe(now + 3600_000);
  });

  it('a pending sign-in expires by the environment clock: its callback is refused at 30 minutes, and completes a millisecond before', async () => {
    // A year behind Date, as the server's is: by Date, the pending sign-in and the ID token the server
    // signs (checked by oauth4webapi) would have expired a year ago. ID tokens live an hour here, since
    // this clock runs up to 30 minutes ahead of the server's.
    let now = Date.now() - YEAR_MS;
    const server = fakeServer({ clockOffset: -YEAR_MS, idTokenTtl: 3600 });
    const environment = { now: () => now };

    const late = await startSignIn(server, { environment });
    now += PENDING_TTL_MS;
    const { login: refused } = await land(server, late.callback, { environment });
    expectLoginError(refused.state.error, 'no_pending_sign_in');
    expect(refused.state.status).toBe('signed-out');
    expect(tokenRequests(server)).toBe(0);
    refused.dispose();

    const inTime = await startSignIn(server, { environment });
    now += PENDING_TTL_MS - 1;
    const { login } = await land(server, inTime.callback, { environment });
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });
});

/** Web Locks shared by the tabs of one test: one holder per name at a time, in the order asked. */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  const asked: string[] = [];
  const request = (name: string, task: () => Promise<unknown>) => {
    asked.push(name);
    const held = (tails.get(name) ?? Promise.resolve()).then(task);
    tails.set(name, held.catch(() => {}));
    return held;
  };
  return { locks: { request } as unknown as LockManager, asked };
}

describe('the environment Web Locks', () => {
  it('two tabs refreshing at once hold its one lock in turn: one request, the same new token in both', async () => {
    let now = Date.now();
    const { locks, asked } = fakeLocks();
    const environment = { locks, now: () => now };
    const server = fakeServer({ accessTokenTtl: 100 });
    await signedIn(server, { environment });
    const tabs = [openApp(server, { environment }).login, openApp(server, { environment }).login];
    await Promise.all(tabs.map((tab) => tab.ready));

    now += 100_000;
    const [a, b] = await Promise.all(tabs.map((tab) => tab.getAccessToken()));
    expect(a).toBe(b);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect(asked).toHaveLength(2);
    expect(new Set(asked).size).toBe(1);
  });
});
