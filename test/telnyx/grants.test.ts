import { describe, expect, test } from 'vitest';
import { createTelnyxClient, MissingParameterError, NotFoundError } from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';
import { oauthGrant } from './fixtures.js';

const getAccessToken = async () => 'user-token';

describe('oauthGrants', () => {
  test('listPage: one GET /oauth_grants (not /oauth/grants) with the page query', async () => {
    const page = { data: [oauthGrant(1)], meta: { page_number: 1, page_size: 25, total_pages: 1, total_results: 1 } };
    const api = fakeApi().on('GET', '/oauth_grants', json(page));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthGrants.listPage({ page: { number: 1, size: 25 } })).resolves.toEqual(page);
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.url.pathname).toBe('/v2/oauth_grants');
    expect(api.sent[0]?.url.search).toBe('?page%5Bnumber%5D=1&page%5Bsize%5D=25');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
  });

  test('list: every grant across pages, one request per page', async () => {
    const all = [oauthGrant(1), oauthGrant(2), oauthGrant(3), oauthGrant(4)];
    const api = fakeApi().on('GET', '/oauth_grants', (_req, url) => {
      const n = Number(url.searchParams.get('page[number]'));
      const size = Number(url.searchParams.get('page[size]'));
      return json({ data: all.slice((n - 1) * size, n * size), meta: { page_number: n, page_size: size, total_pages: 2, total_results: 4 } });
    });
    const ids: string[] = [];
    for await (const grant of createTelnyxClient({ fetch: api.fetch }).oauthGrants.list({ page: { size: 2 } })) ids.push(grant.id);
    expect(ids).toEqual(all.map((g) => g.id));
    expect(api.sent).toHaveLength(2);
  });

  test('retrieve: GET /oauth_grants/{id}, unwrapping data', async () => {
    const grant = oauthGrant(7, { last_used_at: '2025-02-01T00:00:00Z', scopes: ['admin', 'numbers'] });
    const api = fakeApi().on('GET', `/oauth_grants/${grant.id}`, json({ data: grant }));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthGrants.retrieve(grant.id)).resolves.toEqual(grant);
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
  });

  test('revoke: DELETE /oauth_grants/{id}, answering the revoked grant', async () => {
    const grant = oauthGrant(8);
    const api = fakeApi().on('DELETE', `/oauth_grants/${grant.id}`, json({ data: grant }));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthGrants.revoke(grant.id)).resolves.toEqual(grant);
    expect(api.sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([`DELETE /v2/oauth_grants/${grant.id}`]);
  });

  test('revoke: an already revoked grant is a NotFoundError', async () => {
    const api = fakeApi().on('DELETE', '/oauth_grants/gone', json({ errors: [{ code: '10005', title: 'Not found', detail: 'No grant gone' }] }, { status: 404 }));
    await expect(createTelnyxClient({ fetch: api.fetch }).oauthGrants.revoke('gone')).rejects.toBeInstanceOf(NotFoundError);
  });

  test("revokeForClient: lists every page, then DELETEs exactly that client's grants, answering them", async () => {
    const all = [oauthGrant(1, { client_id: 'mine' }), oauthGrant(2, { client_id: 'other' }), oauthGrant(3, { client_id: 'mine' })];
    const api = fakeApi()
      .on('GET', '/oauth_grants', (_req, url) => {
        const n = Number(url.searchParams.get('page[number]'));
        return json({ data: all.slice((n - 1) * 2, n * 2), meta: { page_number: n, page_size: 2, total_pages: 2, total_results: 3 } });
      })
      .on('DELETE', `/oauth_grants/${all[0]!.id}`, json({ data: all[0] }))
      .on('DELETE', `/oauth_grants/${all[2]!.id}`, json({ data: all[2] }));
    const revoked = await createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthGrants.revokeForClient('mine');
    expect(revoked).toEqual([all[0], all[2]]);
    expect(api.sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'GET /v2/oauth_grants',
      'GET /v2/oauth_grants',
      `DELETE /v2/oauth_grants/${all[0]!.id}`,
      `DELETE /v2/oauth_grants/${all[2]!.id}`,
    ]);
  });

  test('revokeForClient without a client id: MissingParameterError, no request', async () => {
    const api = fakeApi();
    await expect(createTelnyxClient({ fetch: api.fetch }).oauthGrants.revokeForClient('')).rejects.toBeInstanceOf(MissingParameterError);
    expect(api.sent).toHaveLength(0);
  });

  test.each(['retrieve', 'revoke'] as const)('%s without an id: MissingParameterError, no request', async (call) => {
    const api = fakeApi();
    await expect(createTelnyxClient({ fetch: api.fetch }).oauthGrants[call](undefined as unknown as string)).rejects.toBeInstanceOf(MissingParameterError);
    expect(api.sent).toHaveLength(0);
  });
});
