import { describe, expect, test } from 'vitest';
import { AuthenticationError, createTelnyxClient, TelnyxApiError } from '../../src/telnyx/index.js';
import type { OAuthGrant } from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';
import { oauthGrant } from './fixtures.js';

/** A server paginating a fixture list as Telnyx does: page[number] from 1, page[size] default 2. */
function paginating(items: OAuthGrant[], totalPages?: number) {
  return fakeApi().on('GET', '/oauth_grants', (_req, url) => {
    const number = Number(url.searchParams.get('page[number]') ?? '1');
    const size = Number(url.searchParams.get('page[size]') ?? '2');
    const total_pages = totalPages ?? Math.ceil(items.length / size);
    const data = items.slice((number - 1) * size, number * size);
    return json({ data, meta: { page_number: number, page_size: size, total_pages, total_results: items.length } });
  });
}

const fixture = Array.from({ length: 5 }, (_, i) => oauthGrant(i + 1));

describe('list iterator', () => {
  test('walks 3 pages with exactly 3 requests, page[number] 1, 2, 3', async () => {
    const api = paginating(fixture);
    const seen: string[] = [];
    for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list()) seen.push(grant.id);
    expect(seen).toEqual(fixture.map((g) => g.id));
    expect(api.sent).toHaveLength(3);
    expect(api.sent.map((s) => s.url.searchParams.get('page[number]'))).toEqual(['1', '2', '3']);
    expect(api.sent.every((s) => !s.url.searchParams.has('page[size]'))).toBe(true);
  });

  test('keeps page[size] on every request and can start at a later page', async () => {
    const api = paginating(fixture);
    const seen: string[] = [];
    for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list({ page: { number: 2, size: 2 } })) seen.push(grant.id);
    expect(seen).toEqual(fixture.slice(2).map((g) => g.id));
    expect(api.sent.map((s) => `${s.url.searchParams.get('page[number]')}/${s.url.searchParams.get('page[size]')}`)).toEqual(['2/2', '3/2']);
  });

  test('is lazy: nothing is sent until the first item is asked for, and stopping early stops fetching', async () => {
    const api = paginating(fixture);
    const iterator = createTelnyxClient({ fetch: api.fetch }).oauthGrants.list();
    expect(api.sent).toHaveLength(0);
    for await (const grant of iterator) {
      if (grant.id === fixture[2]?.id) break; // first item of page 2
    }
    expect(api.sent).toHaveLength(2);
  });

  test('an empty list is one request', async () => {
    const api = paginating([], 0);
    const seen: unknown[] = [];
    for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list()) seen.push(grant);
    expect(seen).toEqual([]);
    expect(api.sent).toHaveLength(1);
  });

  test('a stale total_pages cannot loop it: an empty page ends the walk', async () => {
    const api = paginating(fixture.slice(0, 2), 99);
    const seen: unknown[] = [];
    for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list()) seen.push(grant);
    expect(seen).toHaveLength(2);
    expect(api.sent).toHaveLength(2);
  });

  test('an error on a later page reaches the for await, after the earlier items', async () => {
    const api = fakeApi().on(
      'GET',
      '/oauth_grants',
      json({ data: [oauthGrant(1)], meta: { page_number: 1, total_pages: 2 } }),
      json({ errors: [{ code: '10009', title: 'Authentication failed' }] }, { status: 401 }),
    );
    const seen: unknown[] = [];
    const run = async () => {
      for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list()) seen.push(grant);
    };
    await expect(run()).rejects.toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(1);
    expect(api.sent).toHaveLength(2);
  });

  test.each([
    [{ page: { number: 0 } }, '"page.number" must be a positive integer'],
    [{ page: { size: 2.5 } }, '"page.size" must be a positive integer'],
  ])('%j is a TypeError at the call, and nothing is sent', async (params, message) => {
    const api = fakeApi();
    const telnyx = createTelnyxClient({ fetch: api.fetch });
    const list = () => telnyx.oauthGrants.list(params);
    expect(list).toThrow(TypeError);
    expect(list).toThrow(message);
    const err = await telnyx.oauthClients.listPage(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toMatchObject({ message, code: 'ERR_INVALID_ARG_VALUE' });
    expect(api.sent).toHaveLength(0);
  });

  test.each([
    [{ data: {}, meta: { total_pages: 1 } }, 'GET /oauth_grants answered 200 with "data" array missing'],
    [{ data: [] }, 'GET /oauth_grants answered 200 with "meta.total_pages" missing'],
  ])('a page shaped %j is an invalid_response', async (body, message) => {
    const api = fakeApi().on('GET', '/oauth_grants', json(body));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(err).toMatchObject({ code: 'invalid_response', status: 200, message, body });
  });
});
