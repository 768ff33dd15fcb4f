// 0 is a value, not "unset": each numeric option given as 0 changes what the controller does, so a default
// applied by truthiness (`||` where `??` belongs) fails here. Found by mutating options.ts by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP, fakeServer } from '../helpers/fake-server.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';
import { rejectionOf, tokenRequests } from '../faults/helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

describe('numeric options given as 0', () => {
  it('refreshLeeway: 0 uses the token until it expires (the default 60 s would refresh it 30 s early)', async () => {
    for (const [refreshLeeway, refreshes] of [[0, 0], [undefined, 1]] as const) {
      await freshIndexedDb();
      const server = fakeServer({ accessTokenTtl: 3600 });
      const { login } = await signedIn(server, { refreshLeeway });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 3570_000); // 30 s left
      await login.getAccessToken();
      expect(tokenRequests(server, 'refresh_token'), `refreshLeeway ${refreshLeeway}`).toBe(refreshes);
      vi.useRealTimers();
      login.dispose();
    }
  });

  it('metadataTtl: 0 never reuses discovered metadata (the default keeps it a day)', async () => {
    for (const [metadataTtl, discoveries] of [[0, 2], [undefined, 1]] as const) {
      await freshIndexedDb();
      const server = fakeServer();
      for (let page = 0; page < 2; page++) {
        visit(`${APP}/`);
        const { login } = openApp(server, { metadataTtl });
        await login.signIn();
        login.dispose();
      }
      expect(server.counts.discovery, `metadataTtl ${metadataTtl}`).toBe(discoveries);
    }
  });

  it('refreshRetries: 0 makes one refresh request and no retry (the default retries twice)', async () => {
    for (const [refreshRetries, requests] of [[0, 1], [undefined, 3]] as const) {
      await freshIndexedDb();
      const server = fakeServer({ accessTokenTtl: 100 });
      const { login } = await signedIn(server, { refreshRetries, retryDelay: 0 });
      for (let i = 0; i < 3; i++) server.queue(server.tokenPath, () => new Response(null, { status: 503 }));
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 100_000);
      await rejectionOf(login.getAccessToken());
      expect(tokenRequests(server, 'refresh_token'), `refreshRetries ${refreshRetries}`).toBe(requests);
      vi.useRealTimers();
      login.dispose();
    }
  });

  it('retryDelay: 0 retries at once: no timer is waited for between the tries', async () => {
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server, { refreshRetries: 1, retryDelay: 0 });
    server.queue(server.tokenPath, () => new Response(null, { status: 503 }));
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    vi.setSystemTime(Date.now() + 100_000);
    const token = login.getAccessToken();
    // The clock never moves: only zero-delay timers and I/O run, so a retry waiting the default 500 ms never comes.
    for (let i = 0; i < 200 && tokenRequests(server, 'refresh_token') < 2; i++) {
      await vi.advanceTimersByTimeAsync(0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(tokenRequests(server, 'refresh_token')).toBe(2);
    expect(await token).toMatch(/^at-/);
  });
});
