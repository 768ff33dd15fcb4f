// One Retry-After reading for the core's refresh and telnyx's 429 retry: delay-seconds is 1*DIGIT, an
// HTTP-date (IMF-fixdate) counts from now (0 once past), anything else is no Retry-After.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseRetryAfter } from '../../src/shared/retry-after.js';
import { createTelnyxClient, RateLimitError } from '../../src/telnyx/index.js';
import { expectLoginError, rejectionOf, tokenRequests } from '../faults/helpers.js';
import { freshIndexedDb, signedIn } from '../helpers/app.js';
import { fakeServer } from '../helpers/fake-server.js';
import { fakeApi, json } from '../telnyx/fake-api.js';

afterEach(() => vi.useRealTimers());

// Not delay-seconds and not an HTTP-date: each caller backs off as if no Retry-After was sent. " 5" is
// refused by the parser but never reaches it from a browser: Fetch's Headers strip the whitespace around a
// value (happy-dom's do not, so it is left out of the callers' tables rather than asserted either way).
const NOT_A_DELAY = ['-1', '1.5', '', '1e3', '+5', '5s', '0x10', 'Mon 5', 'soon', '2025-06-01T12:00:10Z'];

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  test.each([
    ['0', 0],
    ['5', 5],
    ['007', 7],
    ['86400', 86_400],
  ])('delay-seconds %j → %j', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });

  test.each([
    ...NOT_A_DELAY,
    ' 5',
    '5 ',
    'sun, 01 Jun 2025 12:00:10 GMT',
    'Sun, 01 Jun 2025 12:00:10',
    'Sun, 01 Foo 2025 12:00:10 GMT',
    // The obsolete HTTP-date forms (rfc850, asctime), which no server sends any more, are not read.
    'Sunday, 01-Jun-25 12:00:10 GMT',
    'Sun Jun  1 12:00:10 2025',
    // An IMF-fixdate inside other text, which V8's Date.parse reads as the date anyway.
    'junk Sun, 01 Jun 2025 12:00:10 GMT',
    'Sun, 01 Jun 2025 12:00:10 GMT junk',
    'Sun, 01 Jun 2025 12:00:10 GMT+0100',
  ])(
    '%j is not a Retry-After',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );

  test('absent is undefined', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test.each([
    ['Sun, 01 Jun 2025 12:00:10 GMT', 10],
    ['Sun, 01 Jun 2025 12:00:00 GMT', 0],
  ])('HTTP-date %j → %j s from now', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });

  test.each([
    ['Sun, 01 Jun 2025 11:00:00 GMT'],
    ['Sat, 01 Jan 2000 00:00:00 GMT'],
  ])('HTTP-date %j in the past → 0, not a negative wait', (header) => {
    expect(parseRetryAfter(header, now)).toBe(0);
  });

  test('a date part-way through a second is waited for in whole seconds, rounded up', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:10 GMT', now + 500)).toBe(10);
  });
});

describe('telnyx: a 429 with Retry-After', () => {
  const tooMany = (retryAfter: string) => json({ errors: [{ title: 'Too many requests' }] }, { status: 429, headers: { 'retry-after': retryAfter } });

  async function rateLimited(retryAfter: string): Promise<RateLimitError> {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany(retryAfter));
    const err = await createTelnyxClient({ fetch: api.fetch, retry: false }).oauthGrants.listPage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    return err as RateLimitError;
  }

  test.each(NOT_A_DELAY)('%j: no retryAfter on the error, and the retry backs off with jitter instead', async (header) => {
    expect((await rateLimited(header)).retryAfter).toBeUndefined();

    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const api = fakeApi().on('GET', '/oauth_grants', tooMany(header), json({ data: [], meta: { total_pages: 1 } }));
    const result = createTelnyxClient({ fetch: api.fetch, retry: { baseDelay: 100 } }).oauthGrants.listPage();
    await vi.advanceTimersByTimeAsync(49);
    expect(api.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeDefined();
    expect(api.sent).toHaveLength(2);
  });

  test('an HTTP-date in the past: retryAfter 0', async () => {
    expect((await rateLimited('Sat, 01 Jan 2000 00:00:00 GMT')).retryAfter).toBe(0);
  });
});

describe('core: a refresh answered 503 with Retry-After', () => {
  /**
   * A signed-in page due for refresh (retryDelay 0, one retry) whose first refresh is answered 503 with
   * `retryAfter`, on a fake clock at a whole second. Real tasks run (fake-indexeddb answers in setImmediate,
   * which is not faked); timers run only as far as the test moves the clock.
   */
  async function refreshAfter503(retryAfter: (now: number) => string) {
    await freshIndexedDb();
    const server = fakeServer({ accessTokenTtl: 100 });
    const { login } = await signedIn(server, { refreshRetries: 1, retryDelay: 0 });
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    const now = Math.ceil(Date.now() / 1000) * 1000 + 100_000;
    vi.setSystemTime(now);
    server.queue(server.tokenPath, () => new Response(null, { status: 503, headers: { 'retry-after': retryAfter(now) } }));
    const token = login.getAccessToken();
    const requests = async () => {
      for (let turn = 0; turn < 200 && tokenRequests(server, 'refresh_token') < 2; turn++) {
        await vi.advanceTimersByTimeAsync(0);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return tokenRequests(server, 'refresh_token');
    };
    return { token, requests };
  }

  test.each(NOT_A_DELAY)('%j: retried at once (retryDelay 0), the clock never moving', async (header) => {
    const { token, requests } = await refreshAfter503(() => header);
    expect(await requests()).toBe(2);
    expect(await token).toMatch(/^at-/);
  });

  test('an HTTP-date in the past: retried at once', async () => {
    const { token, requests } = await refreshAfter503((now) => new Date(now - 60_000).toUTCString());
    expect(await requests()).toBe(2);
    expect(await token).toMatch(/^at-/);
  });

  test.each([
    ['"2"', () => '2', 2000],
    ['an HTTP-date 3 s ahead', (now: number) => new Date(now + 3000).toUTCString(), 3000],
  ])('%s: waits exactly that long, then retries', async (_name, header, ms) => {
    const { token, requests } = await refreshAfter503(header);
    expect(await requests()).toBe(1);
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(await requests()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await requests()).toBe(2);
    expect(await token).toMatch(/^at-/);
  });

  test("an HTTP-date counts from the environment's clock, not the page's", async () => {
    await freshIndexedDb();
    const server = fakeServer({ accessTokenTtl: 100 });
    // A clock a year behind the page's: the date it is given is a minute ahead of it, so longer than the
    // 10 s a caller is kept waiting, while by the page's clock it is long past.
    let clock = Date.now() - 365 * 86_400_000;
    const { login } = await signedIn(server, { refreshRetries: 1, retryDelay: 0, environment: { now: () => clock } });
    clock += 100_000;
    server.queue(server.tokenPath, () => new Response(null, { status: 503, headers: { 'retry-after': new Date(clock + 60_000).toUTCString() } }));
    expectLoginError(await rejectionOf(login.getAccessToken()), 'server_error', { status: 503 });
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });
});
