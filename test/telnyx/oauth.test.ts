import { describe, expect, test } from 'vitest';
import { createTelnyxClient, MissingParameterError, TelnyxApiError } from '../../src/telnyx/index.js';
import type { AuthorizeParams, CreateGrantParams, IntrospectParams, TokenParams } from '../../src/telnyx/index.js';
import { BASE, fakeApi, json } from './fake-api.js';

const getAccessToken = () => Promise.resolve('user-token');

describe('oauth.authorizeUrl', () => {
  test('builds GET /oauth/authorize with response_type=code and every given parameter, sending nothing', () => {
    const api = fakeApi();
    const url = createTelnyxClient({ fetch: api.fetch }).oauth.authorizeUrl({
      client_id: 'abc',
      redirect_uri: 'https://app.example/callback',
      scope: 'admin',
      state: 's1',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      resource: 'https://api.telnyx.com/v2',
      prompt: undefined,
    });
    expect(url.origin + url.pathname).toBe(`${BASE}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: 'https://app.example/callback',
      scope: 'admin',
      state: 's1',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      resource: 'https://api.telnyx.com/v2',
    });
    expect(api.sent).toHaveLength(0);
  });

  test('follows the base URL (the demo server)', () => {
    const url = createTelnyxClient({ baseUrl: 'http://localhost:4000/v2' }).oauth.authorizeUrl({ client_id: 'a', redirect_uri: 'http://localhost:5173/cb' });
    expect(url.href).toBe('http://localhost:4000/v2/oauth/authorize?response_type=code&client_id=a&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcb');
  });

  test('requires client_id and redirect_uri', () => {
    const attempt = () => createTelnyxClient().oauth.authorizeUrl({} as AuthorizeParams);
    expect(attempt).toThrow(MissingParameterError);
    expect(attempt).toThrow('"client_id", "redirect_uri" required to build an authorization URL');
  });
});

describe('oauth.consent', () => {
  test('GET /oauth/consent/{consent_token} with the bearer, unwrapping data', async () => {
    const details = {
      client_id: 'abc',
      name: 'My app',
      logo_uri: 'https://app.example/logo.png',
      policy_uri: 'https://app.example/privacy',
      tos_uri: 'https://app.example/tos',
      redirect_uri: 'https://app.example/callback',
      requested_scopes: [{ id: 's1', name: 'admin', description: 'Full access' }],
      verified: true,
    };
    const api = fakeApi().on('GET', '/oauth/consent/ct%2F1', json({ data: details }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken });
    await expect(telnyx.oauth.consent('ct/1')).resolves.toEqual(details);
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.method).toBe('GET');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
    expect(api.sent[0]?.headers.get('accept')).toBe('application/json');
  });

  test('without a consent token: MissingParameterError, no request', async () => {
    const api = fakeApi();
    const err = await createTelnyxClient({ fetch: api.fetch }).oauth.consent('').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingParameterError);
    expect((err as MissingParameterError).parameters).toEqual(['consent_token']);
    expect(api.sent).toHaveLength(0);
  });
});

describe('oauth.createGrant', () => {
  test('POST /oauth/grants (not /oauth_grants) with a JSON body; allowed: false is an answer', async () => {
    const api = fakeApi().on('POST', '/oauth/grants', json({ redirect_uri: 'https://app.example/cb?error=access_denied' }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken });
    await expect(telnyx.oauth.createGrant({ allowed: false, consent_token: 'ct' })).resolves.toEqual({
      redirect_uri: 'https://app.example/cb?error=access_denied',
    });
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
    expect(JSON.parse(api.sent[0]?.body ?? '')).toEqual({ allowed: false, consent_token: 'ct' });
  });

  test.each([
    [{}, ['allowed', 'consent_token']],
    [{ allowed: true }, ['consent_token']],
    [{ consent_token: 'ct' }, ['allowed']],
    [{ allowed: null, consent_token: '' }, ['allowed', 'consent_token']],
  ])('%j: MissingParameterError naming %j, no request', async (params, missing) => {
    const api = fakeApi();
    const err = await createTelnyxClient({ fetch: api.fetch }).oauth.createGrant(params as CreateGrantParams).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingParameterError);
    expect((err as MissingParameterError).code).toBe('missing_parameter');
    expect((err as MissingParameterError).parameters).toEqual(missing);
    expect(api.sent).toHaveLength(0);
  });
});

describe('oauth.introspect', () => {
  test('POST /oauth/introspect, form-encoded (RFC 7662), with the bearer', async () => {
    const answer = { active: true, aud: 'https://api.telnyx.com', client_id: 'abc', exp: 1_900_000_000, iat: 1_800_000_000, iss: 'https://api.telnyx.com', scope: 'admin' };
    const api = fakeApi().on('POST', '/oauth/introspect', json(answer));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauth.introspect({ token: 'a+b' })).resolves.toEqual(answer);
    expect(api.sent[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(api.sent[0]?.headers.get('authorization')).toBe('Bearer user-token');
    expect(api.sent[0]?.body).toBe('token=a%2Bb');
  });

  test('without token: MissingParameterError, no request', async () => {
    const api = fakeApi();
    await expect(createTelnyxClient({ fetch: api.fetch }).oauth.introspect({} as IntrospectParams)).rejects.toThrow(MissingParameterError);
    expect(api.sent).toHaveLength(0);
  });
});

describe('oauth.jwks', () => {
  test('GET /oauth/jwks, without the user token (it is public)', async () => {
    const keys = [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', alg: 'ES256', use: 'sig' }];
    const api = fakeApi().on('GET', '/oauth/jwks', json({ keys }));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauth.jwks()).resolves.toEqual({ keys });
    expect(api.sent[0]?.headers.has('authorization')).toBe(false);
  });
});

describe('oauth.register', () => {
  test('POST /oauth/register with a JSON body (RFC 7591), without the user token', async () => {
    const params = {
      client_name: 'My OAuth Application',
      redirect_uris: ['https://example.com/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'admin',
      token_endpoint_auth_method: 'none' as const,
      logo_uri: 'https://example.com/logo.png',
      policy_uri: 'https://example.com/privacy',
      tos_uri: 'https://example.com/tos',
    };
    const answer = { ...params, client_id: 'new-client', client_id_issued_at: 1_800_000_000 };
    const api = fakeApi().on('POST', '/oauth/register', json(answer, { status: 201 }));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).oauth.register(params)).resolves.toEqual(answer);
    expect(api.sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(api.sent[0]?.headers.has('authorization')).toBe(false);
    expect(JSON.parse(api.sent[0]?.body ?? '')).toEqual(params);
  });

  test('every field is optional: an empty object is sent', async () => {
    const api = fakeApi().on('POST', '/oauth/register', json({ client_id: 'c' }, { status: 201 }));
    await createTelnyxClient({ fetch: api.fetch }).oauth.register();
    expect(api.sent[0]?.body).toBe('{}');
  });
});

describe('oauth.token', () => {
  test('POST /oauth/token, form-encoded (RFC 6749), undefined fields left out', async () => {
    const answer = { access_token: 'at', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt', scope: 'admin' };
    const api = fakeApi().on('POST', '/oauth/token', json(answer));
    const telnyx = createTelnyxClient({ fetch: api.fetch, getAccessToken });
    await expect(
      telnyx.oauth.token({ grant_type: 'authorization_code', code: 'c', code_verifier: 'v', redirect_uri: 'https://app.example/cb', client_id: 'abc', scope: undefined }),
    ).resolves.toEqual(answer);
    expect(api.sent[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(api.sent[0]?.headers.has('authorization')).toBe(false);
    expect(Object.fromEntries(new URLSearchParams(api.sent[0]?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      code_verifier: 'v',
      redirect_uri: 'https://app.example/cb',
      client_id: 'abc',
    });
  });

  test('an RFC 6749 error keeps error and error_description', async () => {
    const api = fakeApi().on('POST', '/oauth/token', json({ error: 'invalid_grant', error_description: 'code expired' }, { status: 400 }));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauth.token({ grant_type: 'refresh_token', refresh_token: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(err).toMatchObject({ code: 'api_error', status: 400, error: 'invalid_grant', errorDescription: 'code expired', message: 'code expired', errors: [] });
  });

  test('without grant_type: MissingParameterError, no request', async () => {
    const api = fakeApi();
    await expect(createTelnyxClient({ fetch: api.fetch }).oauth.token({} as TokenParams)).rejects.toThrow('"grant_type" required to call the token endpoint');
    expect(api.sent).toHaveLength(0);
  });
});

describe('wellKnown', () => {
  test('authorizationServer: GET /.well-known/oauth-authorization-server at the root, as Telnyx serves it, no user token', async () => {
    const metadata = {
      issuer: 'https://api.telnyx.com',
      authorization_endpoint: 'https://api.telnyx.com/v2/oauth/authorize',
      token_endpoint: 'https://api.telnyx.com/v2/oauth/token',
      introspection_endpoint: 'https://api.telnyx.com/v2/oauth/introspect',
      registration_endpoint: 'https://api.telnyx.com/v2/oauth/register',
      jwks_uri: 'https://api.telnyx.com/v2/oauth/jwks',
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['numbers.read'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    };
    const api = fakeApi().on('GET', 'https://api.telnyx.com/.well-known/oauth-authorization-server', json(metadata));
    await expect(createTelnyxClient({ fetch: api.fetch, getAccessToken }).wellKnown.authorizationServer()).resolves.toEqual(metadata);
    expect(api.sent[0]?.url.href).toBe('https://api.telnyx.com/.well-known/oauth-authorization-server');
    expect(api.sent[0]?.headers.has('authorization')).toBe(false);
  });

  test('protectedResource: GET /.well-known/oauth-protected-resource at the root (resource: the origin)', async () => {
    const metadata = { resource: 'https://api.telnyx.com', authorization_servers: ['https://api.telnyx.com'] };
    const api = fakeApi().on('GET', 'https://api.telnyx.com/.well-known/oauth-protected-resource', json(metadata));
    await expect(createTelnyxClient({ fetch: api.fetch }).wellKnown.protectedResource()).resolves.toEqual(metadata);
    expect(api.sent).toHaveLength(1);
  });

  test('a base URL that is not under /v2 (a proxy path) keeps its documents under it', async () => {
    const api = fakeApi('https://app.localhost/telnyx').on('GET', '/.well-known/oauth-protected-resource', json({ resource: 'r' }));
    await createTelnyxClient({ fetch: api.fetch, baseUrl: 'https://app.localhost/telnyx/v2' }).wellKnown.protectedResource();
    expect(api.sent[0]?.url.href).toBe('https://app.localhost/telnyx/.well-known/oauth-protected-resource');
  });
});
