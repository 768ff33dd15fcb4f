import { describe, expect, test } from 'vitest';
import { createTelnyxClient } from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';
import { oauthGrant } from './fixtures.js';

const page = () => json({ data: [oauthGrant(1)], meta: { total_pages: 1 } });

describe('authentication and headers', () => {
  test('with login.fetch (no getAccessToken) the module adds no Authorization: the fetch does', async () => {
    const api = fakeApi().on('GET', '/oauth_grants', page());
    // Stands in for login.fetch: adds the bearer for the API origin itself.
    const loginFetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      expect(headers.has('authorization')).toBe(false);
      headers.set('authorization', 'Bearer from-login');
      return api.fetch(input, { ...init, headers });
    };
    await createTelnyxClient({ fetch: loginFetch }).oauthGrants.listPage();
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer from-login');
  });

  test('a getAccessToken that throws (signed out) sends nothing and passes its error on', async () => {
    const api = fakeApi();
    const signedOut = Object.assign(new Error('sign in first'), { name: 'LoginError', code: 'login_required' });
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken: () => Promise.reject(signedOut) });
    await expect(telnyx.oauthGrants.listPage()).rejects.toBe(signedOut);
    expect(api.sent).toHaveLength(0);
  });

  test('public endpoints never ask for the token (they work signed out)', async () => {
    const api = fakeApi()
      .on('GET', 'https://api.telnyx.com/.well-known/oauth-authorization-server', json({ issuer: 'i', authorization_endpoint: 'a', token_endpoint: 't', response_types_supported: ['code'] }))
      .on('GET', 'https://api.telnyx.com/.well-known/oauth-protected-resource', json({ resource: 'r' }))
      .on('GET', '/oauth/jwks', json({ keys: [] }))
      .on('POST', '/oauth/register', json({ client_id: 'c' }, { status: 201 }))
      .on('POST', '/oauth/token', json({ access_token: 'a', token_type: 'Bearer', expires_in: 60 }));
    let asked = 0;
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken: () => (asked++, 'token') });
    await telnyx.wellKnown.authorizationServer();
    await telnyx.wellKnown.protectedResource();
    await telnyx.oauth.jwks();
    await telnyx.oauth.register({ client_name: 'x' });
    await telnyx.oauth.token({ grant_type: 'client_credentials', scope: 'admin' });
    expect(asked).toBe(0);
    expect(api.sent).toHaveLength(5);
  });

  test('per-call headers win over the module\'s own; the signal reaches fetch', async () => {
    const controller = new AbortController();
    let signal: AbortSignal | null | undefined;
    const api = fakeApi().on('GET', '/oauth_grants', page());
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal;
      return api.fetch(input, init);
    };
    const telnyx = createTelnyxClient({ fetch, getAccessToken: () => 'token' });
    await telnyx.oauthGrants.listPage({}, { headers: { authorization: 'Bearer override', 'x-trace': '1' }, signal: controller.signal });
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer override');
    expect(api.sent[0]?.headers.get('x-trace')).toBe('1');
    expect(signal).toBe(controller.signal);
  });

  test('sends the URL as a string (some fetch wrappers only look at strings)', async () => {
    let input: unknown;
    const api = fakeApi().on('GET', '/oauth_grants', page());
    await createTelnyxClient({ fetch: (i, init) => ((input = i), api.fetch(i, init)) }).oauthGrants.listPage();
    expect(input).toBe('https://api.telnyx.com/v2/oauth_grants');
  });
});

describe('the fake API itself', () => {
  test('fails when a route was set up but never used, or a request matched no route', async () => {
    const unused = fakeApi(undefined, { verifyAfterEach: false }).on('GET', '/oauth_grants', page());
    expect(() => unused.verify()).toThrow('fake routes set up but never used: GET /oauth_grants');
    const stray = fakeApi(undefined, { verifyAfterEach: false });
    await stray.fetch('https://api.telnyx.com/v2/elsewhere');
    expect(() => stray.verify()).toThrow('requests no fake route expected: GET https://api.telnyx.com/v2/elsewhere');
  });
});
