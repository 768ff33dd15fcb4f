import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTelnyxClient, RateLimitError, TelnyxApiError } from '../../src/telnyx/index.js';
import { parseRetryAfter } from '../../src/shared/retry-after.js';
import { retryDelay } from '../../src/telnyx/retry.js';
import { fakeApi, json } from './fake-api.js';
import { oauthGrant } from './fixtures.js';

const tooMany = (headers: Record<string, string> = {}) =>
  json({ errors: [{ code: '10011', title: 'Too many requests' }] }, { status: 429, headers });
const page = json({ data: [oauthGrant(1)], meta: { page_number: 1, total_pages: 1 } });

// The clock is an edge: faked, so waits are exact and instant. No assertion depends on real time.
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-06-01T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('429 retry', () => {
  test('waits exactly Retry-After seconds, then retries and succeeds', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': '2' }), page);
    const result = createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage();
    await vi.advanceTimersByTimeAsync(1999);
    expect(api.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ data: [oauthGrant(1)] });
    expect(api.sent).toHaveLength(2);
  });

  test('Retry-After as an HTTP date', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': 'Sun, 01 Jun 2025 12:00:03 GMT' }), page);
    const result = createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage();
    await vi.advanceTimersByTimeAsync(2999);
    expect(api.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeDefined();
    expect(api.sent).toHaveLength(2);
  });

  test('without Retry-After: exponential backoff with full jitter (random × min(maxDelay, baseDelay × 2^n))', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const api = fakeApi().on('GET', '/oauth_grants', tooMany(), tooMany(), tooMany(), page);
    const result = createTelnyxClient({ fetch: api.fetch, retry: { retries: 3, baseDelay: 100, maxDelay: 150 } }).oauthGrants.listPage();
    // waits: 0.5 × 100 = 50, 0.5 × 150 (200 capped) = 75, 0.5 × 150 (400 capped) = 75
    await vi.advanceTimersByTimeAsync(49);
    expect(api.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(74);
    expect(api.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(75);
    await expect(result).resolves.toBeDefined();
    expect(api.sent).toHaveLength(4);
  });

  test('gives up after `retries` retries with a RateLimitError', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': '1' }));
    const result = createTelnyxClient({ fetch: api.fetch, retry: { retries: 2 } }).oauthGrants.listPage().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    const err = await result;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, retryAfter: 1, message: 'Too many requests' });
    expect(api.sent).toHaveLength(3);
  });

  test('retry: false surfaces the first 429', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': '1' }));
    await expect(createTelnyxClient({ fetch: api.fetch, retry: false }).oauthGrants.listPage()).rejects.toBeInstanceOf(RateLimitError);
    expect(api.sent).toHaveLength(1);
  });

  test('retries: 0 means none (0 is a value, not "unset")', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany());
    await expect(createTelnyxClient({ fetch: api.fetch, retry: { retries: 0 } }).oauthGrants.listPage()).rejects.toBeInstanceOf(RateLimitError);
    expect(api.sent).toHaveLength(1);
  });

  test('a Retry-After longer than maxDelay is not waited for', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': '120' }));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RateLimitError', retryAfter: 120 });
    expect(api.sent).toHaveLength(1);
  });

  test('other errors (5xx included) are not retried', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', json({ errors: [] }, { status: 503, headers: { 'retry-after': '1' } }));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(api.sent).toHaveLength(1);
  });

  test('a POST is replayed whole, with a token asked for again on each attempt', async () => {
    let tokens = 0;
    const api = fakeApi().on('POST', '/oauth_clients', tooMany({ 'retry-after': '0' }), json({ data: { client_id: 'c' } }, { status: 201 }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken: () => `token-${++tokens}` });
    const params = { name: 'n', allowed_scopes: ['admin'], client_type: 'public' as const, allowed_grant_types: ['authorization_code'] };
    const result = telnyx.oauthClients.create(params);
    await vi.advanceTimersByTimeAsync(0);
    await expect(result).resolves.toEqual({ client_id: 'c' });
    expect(api.sent.map((s) => s.body)).toEqual([JSON.stringify(params), JSON.stringify(params)]);
    expect(api.sent.map((s) => s.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  test('aborting during the wait rejects at once with the abort reason, and sends nothing more', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', tooMany({ 'retry-after': '10' }));
    const controller = new AbortController();
    const result = createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage({}, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    const reason = new Error('unmounted');
    controller.abort(reason);
    await expect(result).resolves.toBe(reason);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(api.sent).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  test.each([
    [null, undefined],
    ['0', 0],
    [' 5 ', undefined], // was 5: the shared parser reads delay-seconds as 1*DIGIT only (RFC 9110 §10.2.3)
    ['Sun, 01 Jun 2025 12:00:10 GMT', 10],
    ['Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ])('%j → %j', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});

describe('retryDelay', () => {
  const policy = { retries: 3, baseDelay: 500, maxDelay: 30_000 };
  test('never beyond the retry count', () => {
    expect(retryDelay(3, 1, policy)).toBeUndefined();
  });
  test('full jitter stays within [0, min(maxDelay, baseDelay × 2^n))', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    expect(retryDelay(0, undefined, policy)).toBeCloseTo(499.5);
    expect(retryDelay(2, undefined, policy)).toBeCloseTo(1998);
    expect(retryDelay(2, undefined, { ...policy, maxDelay: 1000 })).toBeCloseTo(999);
  });
});
