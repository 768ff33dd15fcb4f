import { describe, expect, test } from 'vitest';
import { createTelnyxClient, MissingParameterError, NotFoundError } from '../../src/telnyx/index.js';
import type { CreateOAuthClientParams } from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';
import { oauthClient } from './fixtures.js';

const getAccessToken = () => 'user-token';

describe('oauthClients', () => {
  test('create: POST /oauth_clients with a JSON body and the bearer, unwrapping data', async () => {
    const params: CreateOAuthClientParams = {
      name: 'My OAuth client',
      allowed_scopes: ['admin'],
      client_type: 'public',
      allowed_grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: ['https://app.example/callback'],
      require_pkce: true,
      logo_uri: 'https://app.example/logo.png',
      policy_uri: 'https://app.example/privacy',
      tos_uri: 'https://app.example/tos',
    };
    const created = oauthClient(1, { name: params.name });
    const api = fakeApi().on('POST', '/oauth_clients', json({ data: created }, { status: 201 }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken });
    await expect(telnyx.oauthClients.create(params)).resolves.toEqual(created);
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
    expect(api.sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(api.sent[0]?.body ?? '')).toEqual(params);
  });

  test.each([
    [{}, ['name', 'allowed_scopes', 'client_type', 'allowed_grant_types']],
    [{ name: 'x', allowed_scopes: ['admin'], client_type: 'public' }, ['allowed_grant_types']],
    [{ name: '', allowed_scopes: [], client_type: 'public', allowed_grant_types: [] }, ['name']],
  ])('create %j: MissingParameterError naming %j, no request', async (params, missing) => {
    const api = fakeApi();
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthClients.create(params as CreateOAuthClientParams).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingParameterError);
    expect((err as MissingParameterError).parameters).toEqual(missing);
    expect(api.sent).toHaveLength(0);
  });

  test('retrieve: GET /oauth_clients/{id}, the id percent-encoded', async () => {
    const api = fakeApi().on('GET', '/oauth_clients/a%2F..%2Fb', json({ data: oauthClient(2) }));
    await expect(createTelnyxClient({ fetch: api.fetch }).oauthClients.retrieve('a/../b')).resolves.toEqual(oauthClient(2));
    expect(api.sent.map((s) => s.method)).toEqual(['GET']);
  });

  test('retrieve: an unknown id is a NotFoundError', async () => {
    const api = fakeApi().on('GET', '/oauth_clients/nope', json({ errors: [{ code: '10005', title: 'Resource not found' }] }, { status: 404 }));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthClients.retrieve('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ status: 404, message: 'Resource not found' });
  });

  test('update: PUT /oauth_clients/{id} with only the given fields', async () => {
    const updated = oauthClient(3, { allowed_scopes: ['admin', 'numbers'] });
    const api = fakeApi().on('PUT', '/oauth_clients/client-3', json({ data: updated }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken });
    await expect(telnyx.oauthClients.update('client-3', { allowed_scopes: ['admin', 'numbers'] })).resolves.toEqual(updated);
    expect(JSON.parse(api.sent[0]?.body ?? '')).toEqual({ allowed_scopes: ['admin', 'numbers'] });
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
  });

  test('delete: DELETE /oauth_clients/{id}, 204 resolves undefined', async () => {
    const api = fakeApi().on('DELETE', '/oauth_clients/client-4', new Response(null, { status: 204 }));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthClients.delete('client-4')).resolves.toBeUndefined();
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.body).toBe('');
    expect(api.sent[0]?.headers.has('content-type')).toBe(false);
  });

  test.each(['retrieve', 'update', 'delete'] as const)('%s without an id: MissingParameterError, no request', async (call) => {
    const api = fakeApi();
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthClients[call]('').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingParameterError);
    expect((err as MissingParameterError).parameters).toEqual(['id']);
    expect(api.sent).toHaveLength(0);
  });

  test('listPage: one GET /oauth_clients with page[number] and page[size]', async () => {
    const page = { data: [oauthClient(3), oauthClient(4)], meta: { page_number: 2, page_size: 2, total_pages: 3, total_results: 5 } };
    const api = fakeApi().on('GET', '/oauth_clients', json(page));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauthClients.listPage({ page: { number: 2, size: 2 } })).resolves.toEqual(page);
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.url.searchParams.get('page[number]')).toBe('2');
    expect(api.sent[0]?.url.searchParams.get('page[size]')).toBe('2');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
  });

  test('listPage without parameters sends no query (the server picks)', async () => {
    const api = fakeApi().on('GET', '/oauth_clients', json({ data: [], meta: { total_pages: 0 } }));
    await createTelnyxClient({ fetch: api.fetch }).oauthClients.listPage();
    expect(api.sent[0]?.url.search).toBe('');
  });

  test('list: every client across pages', async () => {
    const all = [oauthClient(1), oauthClient(2), oauthClient(3)];
    const api = fakeApi().on('GET', '/oauth_clients', (_req, url) => {
      const n = Number(url.searchParams.get('page[number]'));
      return json({ data: all.slice(n - 1, n), meta: { page_number: n, page_size: 1, total_pages: 3, total_results: 3 } });
    });
    const names: string[] = [];
    for await (const c of createTelnyxClient({ fetch: api.fetch }).oauthClients.list({ page: { size: 1 } })) names.push(c.name);
    expect(names).toEqual(['App 1', 'App 2', 'App 3']);
    expect(api.sent).toHaveLength(3);
  });
});
