// The local authorization server on its own, spoken to from Node: the metadata the SDK discovers, the
// full code + PKCE flow through its own sign-in and consent pages, rotation, revocation and the API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../demo/server/index.js';
import { Agent, formAction, hiddenInputs, pkcePair } from './oauth.js';

const APP = 'http://localhost:5999';
const REDIRECT = `${APP}/`;
const CLIENT = 'telnyx-login-demo';

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer({ port: 0, demoOrigins: [APP], testRoutes: true, quiet: true });
});
afterAll(() => server?.close());
beforeEach(() => server.resetCounts());

/** Runs the browser part of a sign-in; returns the final redirect to the app. */
async function authorize(decision: 'allow' | 'deny', username = 'alice', params: Record<string, string> = {}) {
  const agent = new Agent();
  const { verifier, challenge } = pkcePair();
  const url = new URL(`${server.issuer}/oauth/authorize`);
  const query = {
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: 'openid profile admin',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);

  const login = await agent.follow(url.href, server.url);
  expect(login.status).toBe(200);
  const loginHtml = await login.text();
  expect(loginHtml).toContain('data-testid="login-username"');
  const consent = await agent.follow(new URL(formAction(loginHtml), server.url).href, server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `username=${username}`,
  });
  expect(consent.status).toBe(200);
  const consentHtml = await consent.text();
  expect(consentHtml).toContain('data-testid="consent-allow"');
  const back = await agent.follow(new URL(formAction(consentHtml), server.url).href, server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision}`,
  });
  expect(back.status).toBe(303);
  return { callback: new URL(back.headers.get('location')!), verifier };
}

async function token(body: Record<string, string>, origin = APP) {
  const response = await fetch(`${server.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ client_id: CLIENT, ...body }),
  });
  return { response, json: (await response.json()) as Record<string, any> };
}

async function signIn(username = 'alice') {
  const { callback, verifier } = await authorize('allow', username);
  const { response, json } = await token({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
  });
  expect(response.status).toBe(200);
  return json;
}

const api = (path: string, accessToken?: string, init: RequestInit = {}) =>
  fetch(`${server.url}/v2/${path}`, {
    ...init,
    headers: { origin: APP, ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
  });

describe('metadata', () => {
  it('serves the same RFC 8414 document at both placements, with RFC 9207 iss and S256 PKCE', async () => {
    const inserted = await (await fetch(`${server.url}/.well-known/oauth-authorization-server/v2`)).json();
    const appended = await (await fetch(`${server.url}/v2/.well-known/oauth-authorization-server`)).json();
    expect(inserted).toEqual(appended);
    expect(inserted).toMatchObject({
      issuer: server.issuer,
      authorization_endpoint: `${server.issuer}/oauth/authorize`,
      token_endpoint: `${server.issuer}/oauth/token`,
      jwks_uri: `${server.issuer}/oauth/jwks`,
      introspection_endpoint: `${server.issuer}/oauth/introspect`,
      registration_endpoint: `${server.issuer}/oauth/register`,
      revocation_endpoint: `${server.issuer}/oauth/revoke`,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(inserted.scopes_supported).toContain('admin');
    expect(server.counts().discovery).toBe(2);
  });

  it('serves RFC 9728 protected-resource metadata at both placements, readable cross-origin', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/v2', '/v2/.well-known/oauth-protected-resource']) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: APP } });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual({
        resource: server.resource,
        authorization_servers: [server.issuer],
        bearer_methods_supported: ['header'],
        scopes_supported: ['admin'],
        resource_name: expect.any(String),
      });
    }
  });
});

describe('authorization code flow', () => {
  it('signs in through the sign-in and consent pages and answers with code, state and iss', async () => {
    const { callback } = await authorize('allow');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.get('iss')).toBe(server.issuer);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('ends Deny as error=access_denied on the redirect, with state and iss', async () => {
    const { callback } = await authorize('deny');
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      error: 'access_denied',
      error_description: expect.any(String),
      state: 'state-1',
      iss: server.issuer,
    });
  });

  it('lets a person continue as another user from the consent page of an existing session', async () => {
    const agent = new Agent();
    const { verifier, challenge } = pkcePair();
    const url = new URL(`${server.issuer}/oauth/authorize`);
    for (const [name, value] of Object.entries({ response_type: 'code', client_id: CLIENT, redirect_uri: REDIRECT, scope: 'openid admin', state: 's', code_challenge: challenge, code_challenge_method: 'S256' })) {
      url.searchParams.set(name, value);
    }
    const post = (action: string, body: string) =>
      agent.follow(new URL(action, server.url).href, server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

    // Sign in as dave and deny: the server session stays, so the next request goes straight to consent.
    const login = await (await agent.follow(url.href, server.url)).text();
    await post(formAction(await (await post(formAction(login), 'username=dave')).text()), 'decision=deny');
    const consent = await (await agent.follow(url.href, server.url)).text();
    expect(consent).toContain('data-testid="consent-user">dave<');

    // oidc-provider ends dave's session through its logout form (a browser submits it by script), then resumes.
    const logoutForm = await (await post(/action="([^"]+\/switch)"/.exec(consent)![1]!, 'username=erin')).text();
    const again = await (await post(formAction(logoutForm), hiddenInputs(logoutForm))).text();
    expect(again).toContain('data-testid="consent-user">erin<');
    const back = await post(formAction(again), 'decision=allow');
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const { json } = await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT });
    expect(JSON.parse(Buffer.from(json.id_token.split('.')[1], 'base64url').toString()).sub).toBe('erin');
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${server.issuer}/oauth/authorize`);
    for (const [name, value] of Object.entries({ response_type: 'code', client_id: CLIENT, redirect_uri: REDIRECT, scope: 'openid admin', state: 's' })) {
      url.searchParams.set(name, value);
    }
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('issues a refresh token for openid profile admin (no offline_access), rotates it, and lets the API in', async () => {
    const first = await signIn();
    expect(first).toMatchObject({ token_type: 'Bearer', scope: 'openid profile admin', expires_in: 300 });
    expect(first.refresh_token).toBeTruthy();
    expect(first.id_token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(first.id_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'alice', name: 'alice', nonce: 'nonce-1', iss: server.issuer, aud: CLIENT });

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token);

    // The rotated-away refresh token is spent.
    const reused = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.response.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');

    expect(server.counts()).toMatchObject({
      token: 3,
      tokenByGrantType: { authorization_code: 1, refresh_token: 2 },
      tokenErrors: { invalid_grant: 1 },
    });
  });

  it('refuses CORS on the token endpoint to origins other than the demo app', async () => {
    const { response } = await token({ grant_type: 'refresh_token', refresh_token: 'x' }, 'http://localhost:6666');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the access token lifetime be set at run time', async () => {
    server.setAccessTokenTtl(7);
    try {
      expect((await signIn()).expires_in).toBe(7);
    } finally {
      server.setAccessTokenTtl(300);
    }
  });
});

describe('protected API', () => {
  it('answers 401 with a bare Bearer challenge and the resource metadata when there is no token', async () => {
    const response = await api('oauth_grants');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="telnyx-demo", resource_metadata="${server.url}/.well-known/oauth-protected-resource/v2"`,
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
  });

  it('answers 401 invalid_token for an unknown token', async () => {
    const response = await api('oauth_grants', 'not-a-token');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="telnyx-demo", error="invalid_token"/);
  });

  it('allows CORS preflights from the demo origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v2/oauth_grants/x`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight(APP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/DELETE/);
    const other = await preflight('http://localhost:6666');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists grants and clients in the seeds shapes, paginated', async () => {
    const { access_token: accessToken } = await signIn('bob');
    await signIn('bob');

    const list = await (await api('oauth_grants?page[size]=1', accessToken)).json();
    expect(list.meta).toEqual({ page_number: 1, page_size: 1, total_pages: 2, total_results: 2 });
    expect(list.data).toEqual([
      {
        record_type: 'oauth_grant',
        id: expect.any(String),
        client_id: CLIENT,
        scopes: ['openid', 'profile', 'admin'],
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_used_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    const one = await (await api(`oauth_grants/${list.data[0].id}`, accessToken)).json();
    expect(one.data.id).toBe(list.data[0].id);

    expect((await api('oauth_grants?page[size]=0', accessToken)).status).toBe(422);

    const clients = await (await api('oauth_clients', accessToken)).json();
    expect(clients.meta).toMatchObject({ page_number: 1, total_results: 1 });
    expect(clients.data[0]).toMatchObject({
      record_type: 'oauth_client',
      client_id: CLIENT,
      client_type: 'public',
      require_pkce: true,
      redirect_uris: [`${APP}/`, `${APP}/callback`],
    });
  });

  it('revokes a grant on DELETE: its access and refresh tokens stop working', async () => {
    const tokens = await signIn('carol');
    const mine = (await (await api('oauth_grants', tokens.access_token)).json()).data as { id: string }[];
    expect(mine).toHaveLength(1);
    const introspected = await fetch(`${server.issuer}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT, token: tokens.access_token }),
    });
    expect(await introspected.json()).toMatchObject({ active: true, client_id: CLIENT, sub: 'carol' });

    const revoked = await api(`oauth_grants/${mine[0]!.id}`, tokens.access_token, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).data).toMatchObject({ id: mine[0]!.id, record_type: 'oauth_grant' });

    const after = await api('oauth_grants', tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.json.error).toBe('invalid_grant');
  });

  it('rejects an access token once it expires', async () => {
    server.setAccessTokenTtl(1);
    let tokens;
    try {
      tokens = await signIn();
    } finally {
      server.setAccessTokenTtl(300);
    }
    expect(tokens.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const response = await api('oauth_grants', tokens.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });
});

describe('dynamic registration and revocation', () => {
  it('registers a public client from the demo origin (CORS) and lets it revoke its refresh token', async () => {
    const preflight = await fetch(`${server.issuer}/oauth/register`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    const registered = await fetch(`${server.issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: APP },
      body: JSON.stringify({ client_name: 'My SPA', redirect_uris: [`${APP}/cb`], token_endpoint_auth_method: 'none' }),
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('access-control-allow-origin')).toBe(APP);
    const client = await registered.json();
    expect(client).toMatchObject({ client_name: 'My SPA', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });

    const tokens = await signIn();
    const revoke = await fetch(`${server.issuer}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
      body: new URLSearchParams({ client_id: CLIENT, token: tokens.refresh_token, token_type_hint: 'refresh_token' }),
    });
    expect(revoke.status).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json.error).toBe('invalid_grant');
    expect(server.counts()).toMatchObject({ registration: 1, revocation: 1 });
  });
});

describe('test routes', () => {
  it('serve counts to Node and refuse browsers', async () => {
    expect((await fetch(`${server.url}/__test__/counts`)).status).toBe(200);
    expect((await fetch(`${server.url}/__test__/counts`, { headers: { origin: APP } })).status).toBe(403);
  });
});
