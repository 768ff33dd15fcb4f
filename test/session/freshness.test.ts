// When a stored token counts as fresh, and when a pending sign-in counts as live: the edges a hand
// mutation pass found untested (an off-by-one at the leeway, the half-lifetime cap, a clock set back).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, signedIn } from '../helpers/app.js';
import { expectLoginError, land, startSignIn, tokenRequests } from '../faults/helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

async function signedInAt(ttl: number) {
  const server = fakeServer({ accessTokenTtl: ttl });
  const { login } = await signedIn(server);
  return { server, login, expiresAt: login.state.expiresAt! };
}

describe('token freshness', () => {
  it('refreshes from the moment exactly refreshLeeway (60 s) before expiry, not a millisecond later', async () => {
    const { server, login, expiresAt } = await signedInAt(3600);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(expiresAt - 60_001);
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    vi.setSystemTime(expiresAt - 60_000);
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('a short-lived token (60 s) is used for its first half: the leeway never exceeds half its lifetime', async () => {
    const { server, login, expiresAt } = await signedInAt(60);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(expiresAt - 31_000);
    for (let i = 0; i < 3; i++) await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    vi.setSystemTime(expiresAt - 30_000);
    await login.getAccessToken();
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });
});

describe('pending sign-in lifetime', () => {
  it('a pending sign-in stamped far in the future (clock set back an hour, or storage edited) has expired: its callback is refused', async () => {
    const server = fakeServer();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60 * 60_000);
    const { callback } = await startSignIn(server);
    vi.setSystemTime(Date.now() - 60 * 60_000);
    const { login } = await land(server, callback);
    expectLoginError(login.state.error, 'no_pending_sign_in');
    expect(tokenRequests(server)).toBe(0);
  });

  it('a pending sign-in is live for 30 minutes, to the millisecond: a callback after that is refused as started too long ago', async () => {
    for (const [age, status] of [[30 * 60_000 - 1, 'signed-in'], [30 * 60_000, 'signed-out']] as const) {
      await freshIndexedDb();
      const server = fakeServer();
      vi.useFakeTimers({ toFake: ['Date'] });
      const started = Date.now();
      const { callback } = await startSignIn(server);
      vi.setSystemTime(started + age);
      const { login } = await land(server, callback);
      expect(login.state.status, `after ${age} ms`).toBe(status);
      if (status === 'signed-out') {
        expect(expectLoginError(login.state.error, 'no_pending_sign_in').message).toContain('started too long ago');
        expect(tokenRequests(server)).toBe(0);
      }
      vi.useRealTimers();
      login.dispose();
    }
  });
});
