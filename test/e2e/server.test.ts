// The local Telnyx look-alike on its own, spoken to from Node over HTTP like any client: discovery
// documents, the code flow through the consent API, scopes, rotation, lifetimes, the REST API, the
// introspection rate limit and CORS. Each test asserts what the server counted.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../demo/server/index.js';
import { SCOPE_IDS } from '../../demo/server/scopes.js';
import {
  answerConsent,
  apiCall,
  authorizeRequest,
  codeFlow,
  consentTokenOf,
  pkcePair,
  portalSignIn,
  tokenRequest,
  type LocalServer,
} from './oauth.js';

const APP = 'http://localhost:5999';
const REDIRECT = `${APP}/`;
const CLIENT = 'telnyx-login-demo';
const CHALLENGE = `Bearer realm="Telnyx API", error="invalid_token"`;

let server: LocalServer;

beforeAll(async () => {
  server = await startServer({ port: 0, demoOrigins: [APP], testRoutes: true, quiet: true });
});
afterAll(() => server?.close());
beforeEach(() => {
  server.configure({ accessTokenTtl: 1800, rotateRefreshTokens: true, cors: 'permissive', adminScope: false, resourceMetadataHint: false, pkce: 'public' });
  server.resetCounts();
});

const signIn = (username = 'alice', scope = 'numbers.read') => codeFlow(server, { clientId: CLIENT, redirectUri: REDIRECT, scope, username });
const FULL = `numbers.read authentication_and_access.read account_management.write`;

/** The authorization request's parameters for the demo client, with PKCE. */
function authorizeParams(overrides: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: 'numbers.read',
    state: 'state-1',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** The error redirect an authorization request ended with (RFC 6749 4.1.2.1). */
async function authorizeError(overrides: Record<string, string>) {
  const response = await authorizeRequest(server, authorizeParams(overrides));
  expect(response.status).toBe(303);
  return Object.fromEntries(new URL(response.headers.get('location')!).searchParams);
}

const errorCode = async (response: Response) => ((await response.json()) as { errors: { code: string }[] }).errors[0]?.code;

describe('discovery documents', () => {
  it('serves RFC 8414 metadata at the root and under /v2, as live Telnyx advertises it', async () => {
    const root = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    const v2 = await (await fetch(`${server.url}/v2/.well-known/oauth-authorization-server`)).json();
    expect(v2).toEqual(root);
    expect(server.issuer).toBe(server.url);
    expect(root).toEqual({
      issuer: server.url,
      authorization_endpoint: `${server.url}/v2/oauth/authorize`,
      token_endpoint: `${server.url}/v2/oauth/token`,
      registration_endpoint: `${server.url}/v2/oauth/register`,
      introspection_endpoint: `${server.url}/v2/oauth/introspect`,
      jwks_uri: `${server.url}/v2/oauth/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      scopes_supported: SCOPE_IDS,
      protected_resources: [server.url, `${server.url}/v2/mcp`],
      authorization_response_iss_parameter_supported: true,
    });
    expect(root.scopes_supported).toHaveLength(32);
    expect(server.counts()).toMatchObject({ requests: 2, discovery: 2, byStatus: { 200: 2 } });
  });

  it('answers 404 (Telnyx code 10005) at every other placement, OpenID ones included', async () => {
    for (const path of [
      '/.well-known/oauth-authorization-server/v2',
      '/.well-known/openid-configuration',
      '/v2/.well-known/openid-configuration',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await errorCode(response)).toBe('10005');
    }
    expect(server.counts()).toMatchObject({ discovery: 3, byStatus: { 404: 3 } });
  });

  it('serves RFC 9728 metadata for the REST API (the origin) and for /v2/mcp', async () => {
    expect(await (await fetch(`${server.url}/.well-known/oauth-protected-resource`)).json()).toEqual({
      resource: server.url,
      authorization_servers: [server.url],
      scopes_supported: SCOPE_IDS,
    });
    expect(await (await fetch(`${server.url}/.well-known/oauth-protected-resource/v2/mcp`)).json()).toEqual({
      resource: `${server.url}/v2/mcp`,
      authorization_servers: [server.url],
      scopes_supported: SCOPE_IDS,
    });
    expect(server.resource).toBe(server.url);
    expect(server.mcpResource).toBe(`${server.url}/v2/mcp`);
  });

  it('has no revocation, userinfo or ID tokens', async () => {
    const revoke = await fetch(`${server.url}/v2/oauth/revoke`, { method: 'POST', body: new URLSearchParams({ token: 'x' }) });
    expect(revoke.status).toBe(404);
    expect(await errorCode(revoke)).toBe('10005');
    expect(await authorizeError({ scope: 'openid numbers.read' })).toMatchObject({ error: 'invalid_scope', state: 'state-1' });
    const { tokens } = await signIn();
    expect(tokens.id_token).toBeUndefined();
  });
});

describe('the code flow through the portal and the consent API', () => {
  it('signs in with one code exchange: redirect to the portal, consent, code + state + iss, 1800 s tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const authorize = await authorizeRequest(server, authorizeParams({ code_challenge: challenge, scope: FULL }));
    expect(authorize.status).toBe(303);
    expect(authorize.headers.getSetCookie()).toEqual([]); // the interaction cookies stay on the server
    const consentToken = consentTokenOf(authorize, server);
    expect(new URL(authorize.headers.get('location')!).pathname).toBe('/oauth/consent');

    const credential = await portalSignIn(server, 'alice');
    const view = await apiCall(server, `/v2/oauth/consent/${consentToken}`, credential);
    expect(view.status).toBe(200);
    const { data } = (await view.json()) as { data: Record<string, any> };
    expect(data).toEqual({
      client_id: CLIENT,
      name: 'telnyx-login demo',
      logo_uri: null,
      tos_uri: null,
      policy_uri: null,
      redirect_uri: REDIRECT,
      requested_scopes: [
        { id: 'numbers.read', name: 'Numbers: read', description: expect.stringMatching(/phone numbers/) },
        { id: 'authentication_and_access.read', name: 'Authentication and access: read', description: expect.any(String) },
        { id: 'account_management.write', name: 'Account management: write', description: expect.any(String) },
      ],
      verified: true,
    });

    const answer = await answerConsent(server, credential, consentToken, true);
    expect(answer.status).toBe(200);
    const redirect = new URL(((await answer.json()) as { redirect_uri: string }).redirect_uri);
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(Object.fromEntries(redirect.searchParams)).toEqual({ code: expect.any(String), state: 'state-1', iss: server.url });

    const { response, json } = await tokenRequest(server, {
      grant_type: 'authorization_code',
      client_id: CLIENT,
      code: redirect.searchParams.get('code')!,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    expect(response.status).toBe(200);
    expect(json).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer', expires_in: 1800, scope: FULL });

    expect(server.counts()).toMatchObject({
      requests: 4, // authorize, consent GET, consent POST, token: the server's own resume step is not counted
      authorize: 1,
      authorizeResource: { '(none)': 1 },
      consent: { views: 1, allow: 1, deny: 0, refused: 0 },
      portal: { pages: 0, signIns: 1 },
      token: 1,
      tokenByGrantType: { authorization_code: 1 },
      tokenResource: { '(none)': 1 },
      tokenErrors: {},
    });
  });

  it('lets the demo client come back to / or /callback of any loopback app, and nowhere else (a deviation from Telnyx)', async () => {
    for (const redirectUri of ['http://localhost:6001/callback', 'http://127.0.0.1:6002/', 'http://[::1]:6003/callback']) {
      const { redirect, tokens } = await codeFlow(server, { clientId: CLIENT, redirectUri });
      expect(redirect.origin + redirect.pathname).toBe(redirectUri);
      expect(tokens.access_token).toEqual(expect.any(String));
    }
    for (const redirectUri of ['http://localhost:6001/other', 'http://localhost:6001/callback?x=1', 'https://localhost:6001/callback', 'http://app.example:6001/callback', 'http://localhost.evil.example/callback']) {
      const refused = await authorizeRequest(server, authorizeParams({ redirect_uri: redirectUri }));
      expect(refused.status, redirectUri).toBe(400);
      const page = await refused.text();
      expect(page).toContain('redirect_uri did not match any of the client');
      expect(page).toContain('or sign in with the client <code>telnyx-login-demo</code>'); // what to do about it
    }
    // Only the demo client: a client made through the API keeps its own list.
    const registered = await fetch(`${server.url}/v2/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://localhost:6001/cb'], token_endpoint_auth_method: 'none' }),
    });
    const { client_id } = (await registered.json()) as { client_id: string };
    expect((await authorizeRequest(server, authorizeParams({ client_id, redirect_uri: 'http://localhost:6001/callback' }))).status).toBe(400);
  });

  it('spends a consent token once: a second answer is 422 with a Telnyx error', async () => {
    const consentToken = consentTokenOf(await authorizeRequest(server, authorizeParams()), server);
    const credential = await portalSignIn(server, 'bob');
    expect((await answerConsent(server, credential, consentToken, true)).status).toBe(200);
    const again = await answerConsent(server, credential, consentToken, false);
    expect(again.status).toBe(422);
    expect(await again.json()).toEqual({
      errors: [
        {
          code: '10015',
          title: 'Bad request',
          detail: expect.stringMatching(/consent token/),
          source: { pointer: '/consent_token' },
          meta: { url: 'https://developers.telnyx.com/docs/overview/errors/10015' },
        },
      ],
    });
    expect((await apiCall(server, `/v2/oauth/consent/${consentToken}`, credential)).status).toBe(422);
    expect(server.counts().consent).toEqual({ views: 0, allow: 1, deny: 0, refused: 2 });
  });

  it('ends Deny as error=access_denied with state and iss', async () => {
    const consentToken = consentTokenOf(await authorizeRequest(server, authorizeParams()), server);
    const answer = await answerConsent(server, await portalSignIn(server, 'carol'), consentToken, false);
    const redirect = new URL(((await answer.json()) as { redirect_uri: string }).redirect_uri);
    expect(Object.fromEntries(redirect.searchParams)).toEqual({
      error: 'access_denied',
      error_description: expect.any(String),
      state: 'state-1',
      iss: server.url,
    });
    expect(server.counts().consent).toMatchObject({ allow: 0, deny: 1 });
  });

  it('takes a portal user credential only: none is 401, an OAuth access token is 403', async () => {
    const consentToken = consentTokenOf(await authorizeRequest(server, authorizeParams()), server);
    const none = await apiCall(server, `/v2/oauth/consent/${consentToken}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(CHALLENGE);
    const { tokens } = await signIn();
    const oauth = await apiCall(server, `/v2/oauth/consent/${consentToken}`, tokens.access_token);
    expect(oauth.status).toBe(403);
    expect(await errorCode(oauth)).toBe('10010');
  });
});

describe('PKCE and scopes', () => {
  it('accepts S256 only, and requires PKCE from a public client', async () => {
    expect(await authorizeError({ code_challenge_method: 'plain' })).toMatchObject({ error: 'invalid_request', state: 'state-1' });
    const without = authorizeParams();
    delete (without as Partial<typeof without>).code_challenge;
    delete (without as Partial<typeof without>).code_challenge_method;
    const response = await authorizeRequest(server, without);
    expect(new URL(response.headers.get('location')!).searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses admin and unknown scopes with invalid_scope, at the authorization and token endpoints', async () => {
    expect(await authorizeError({ scope: 'admin' })).toMatchObject({ error: 'invalid_scope', state: 'state-1', iss: server.url });
    expect(await authorizeError({ scope: 'numbers.read numbers.delete' })).toMatchObject({ error: 'invalid_scope', state: 'state-1' });
    const { tokens } = await signIn();
    const { response, json } = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: tokens.refresh_token, scope: 'admin' });
    expect(response.status).toBe(400);
    expect(json.error).toBe('invalid_scope');
    expect(server.counts().tokenErrors).toEqual({ invalid_scope: 1 });
  });

  it('accepts admin, as every scope, for a 2025-era client when the compat switch is on', async () => {
    server.configure({ adminScope: true });
    const registered = await fetch(`${server.url}/v2/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: '2025 client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], scope: 'admin' }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const { tokens } = await codeFlow(server, { clientId, redirectUri: REDIRECT, scope: 'admin' });
    expect(tokens.scope).toBe('admin');
    expect((await apiCall(server, '/v2/phone_numbers', tokens.access_token)).status).toBe(200);
    server.configure({ adminScope: false });
    expect((await apiCall(server, '/v2/phone_numbers', tokens.access_token)).status).toBe(403);
  });

  it('issues tokens for the REST API without a resource, and for /v2/mcp (not valid on the REST API) when asked', async () => {
    const rest = await signIn();
    expect((await apiCall(server, '/v2/phone_numbers', rest.tokens.access_token)).status).toBe(200);
    const mcp = await codeFlow(server, { clientId: CLIENT, redirectUri: REDIRECT, params: { resource: server.mcpResource } });
    const refused = await apiCall(server, '/v2/phone_numbers', mcp.tokens.access_token);
    expect(refused.status).toBe(401);
    expect(server.counts()).toMatchObject({ authorizeResource: { '(none)': 1, [server.mcpResource]: 1 }, tokenResource: { '(none)': 1, [server.mcpResource]: 1 } });
  });
});

describe('tokens', () => {
  it('rotates refresh tokens when the switch is on: the old one is spent', async () => {
    const { tokens } = await signIn();
    const refreshed = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: tokens.refresh_token });
    expect(refreshed.response.status).toBe(200);
    expect(refreshed.json.refresh_token).toEqual(expect.any(String));
    expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: tokens.refresh_token });
    expect(reused.response.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    expect(server.counts()).toMatchObject({ token: 3, tokenByGrantType: { authorization_code: 1, refresh_token: 2 }, tokenErrors: { invalid_grant: 1 } });
  });

  it('keeps the refresh token when rotation is off: the same one works again and again', async () => {
    server.configure({ rotateRefreshTokens: false });
    const { tokens } = await signIn();
    for (let i = 0; i < 2; i++) {
      const refreshed = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: tokens.refresh_token });
      expect(refreshed.response.status).toBe(200);
      expect(refreshed.json.refresh_token).toBe(tokens.refresh_token);
      expect(refreshed.json.access_token).not.toBe(tokens.access_token);
    }
    expect(server.counts()).toMatchObject({ tokenByGrantType: { authorization_code: 1, refresh_token: 2 }, tokenErrors: {} });
  });

  it('lets the access-token lifetime be set at run time (default 1800 s), through the test route too', async () => {
    expect((await signIn()).tokens.expires_in).toBe(1800);
    server.setAccessTokenTtl(7);
    expect((await signIn()).tokens.expires_in).toBe(7);
    const set = await fetch(`${server.url}/__test__/config`, { method: 'POST', body: JSON.stringify({ accessTokenTtl: 9 }) });
    expect(await set.json()).toMatchObject({ accessTokenTtl: 9, rotateRefreshTokens: true });
    expect((await signIn()).tokens.expires_in).toBe(9);
    const bad = await fetch(`${server.url}/__test__/config`, { method: 'POST', body: JSON.stringify({ cors: 'open' }) });
    expect(bad.status).toBe(400);
  });

  it('takes JSON at the token endpoint, as the Go and Python SDKs send it', async () => {
    const { tokens } = await signIn();
    const response = await fetch(`${server.url}/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: tokens.refresh_token }),
    });
    expect(response.status).toBe(200);
  });
});

describe('REST API', () => {
  it('answers 401 code 10009 with live Telnyx challenge, and the RFC 9728 hint only when switched on', async () => {
    for (const credential of [undefined, 'not-a-token']) {
      const response = await apiCall(server, '/v2/phone_numbers', credential);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(CHALLENGE);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toEqual({
        errors: [
          {
            code: '10009',
            title: 'Authentication failed',
            detail: expect.any(String),
            source: { pointer: '/' },
            meta: { url: 'https://developers.telnyx.com/docs/overview/errors/10009' },
          },
        ],
      });
    }
    server.configure({ resourceMetadataHint: true });
    const hinted = await apiCall(server, '/v2/phone_numbers');
    expect(hinted.headers.get('www-authenticate')).toBe(`${CHALLENGE}, resource_metadata="${server.url}/.well-known/oauth-protected-resource"`);
    expect(server.counts()).toMatchObject({ api: 3, apiByStatus: { 401: 3 }, apiByResource: { phone_numbers: 3 } });
  });

  it('guards phone numbers with numbers.read (403 code 10010) and pages them: 20 by default, 100 at most', async () => {
    const { tokens: without } = await signIn('dave', 'fax.read');
    const forbidden = await apiCall(server, '/v2/phone_numbers', without.access_token);
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe('10010');
    expect(forbidden.headers.get('www-authenticate')).toBe('Bearer realm="Telnyx API", error="insufficient_scope", scope="numbers.read"');

    const { tokens } = await signIn('dave');
    const first = (await (await apiCall(server, '/v2/phone_numbers', tokens.access_token)).json()) as { data: { phone_number: string }[]; meta: Record<string, number> };
    expect(first.data).toHaveLength(20);
    expect(first.meta.total_results).toBeGreaterThan(20);
    expect(first.meta).toEqual({ page_number: 1, page_size: 20, total_pages: Math.ceil(first.meta.total_results! / 20), total_results: first.meta.total_results });
    const all = (await (await apiCall(server, '/v2/phone_numbers?page[size]=100', tokens.access_token)).json()) as typeof first;
    expect(all.data).toHaveLength(first.meta.total_results!);
    expect(all.data.slice(0, 20)).toEqual(first.data);
    // The same user gets the same numbers; another user others.
    const again = await signIn('dave');
    expect((await (await apiCall(server, '/v2/phone_numbers', again.tokens.access_token)).json()).data).toEqual(first.data);
    const erin = await signIn('erin');
    expect((await (await apiCall(server, '/v2/phone_numbers', erin.tokens.access_token)).json()).data).not.toEqual(first.data);

    for (const query of ['page[size]=101', 'page[size]=0', 'page[number]=0', 'page[number]=x']) {
      const bad = await apiCall(server, `/v2/phone_numbers?${query}`, tokens.access_token);
      expect(bad.status, query).toBe(422);
      expect(await errorCode(bad)).toBe('10015');
    }
    expect(server.counts()).toMatchObject({ apiByStatus: { 403: 1, 200: 4, 422: 4 } });
  });

  it('lists, gets and revokes grants; a revoked token is 401 10009 and its refresh token is refused', async () => {
    const first = await signIn('frank', FULL);
    await signIn('frank', FULL);
    const list = (await (await apiCall(server, '/v2/oauth_grants?page[size]=1', first.tokens.access_token)).json()) as { data: Record<string, any>[]; meta: unknown };
    expect(list.meta).toEqual({ page_number: 1, page_size: 1, total_pages: 2, total_results: 2 });
    expect(list.data[0]).toEqual({
      record_type: 'oauth_grant',
      id: expect.any(String),
      client_id: CLIENT,
      scopes: FULL.split(' '),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      last_used_at: null,
    });
    const mine = (await (await apiCall(server, '/v2/oauth_grants', first.tokens.access_token)).json()).data as { id: string; last_used_at: string | null }[];
    const own = mine.find((grant) => grant.last_used_at !== null)!; // the grant of the token in use
    expect((await (await apiCall(server, `/v2/oauth_grants/${own.id}`, first.tokens.access_token)).json()).data.id).toBe(own.id);

    // Another user sees neither list nor grant.
    const { tokens: other } = await signIn('grace', FULL);
    expect((await (await apiCall(server, '/v2/oauth_grants', other.access_token)).json()).data).toHaveLength(1);
    expect((await apiCall(server, `/v2/oauth_grants/${own.id}`, other.access_token)).status).toBe(404);

    const revoked = await apiCall(server, `/v2/oauth_grants/${own.id}`, first.tokens.access_token, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).data).toMatchObject({ id: own.id, record_type: 'oauth_grant' });
    const after = await apiCall(server, '/v2/oauth_grants', first.tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe(CHALLENGE);
    expect(await errorCode(after)).toBe('10009');
    const refresh = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: first.tokens.refresh_token });
    expect(refresh.json.error).toBe('invalid_grant');
  });

  it('guards grants and clients: reading needs authentication_and_access.read, changing account_management.write', async () => {
    const { tokens } = await signIn('heidi', 'numbers.read authentication_and_access.read');
    expect((await apiCall(server, '/v2/oauth_grants', tokens.access_token)).status).toBe(200);
    expect((await apiCall(server, '/v2/oauth_clients', tokens.access_token)).status).toBe(200);
    const grants = (await (await apiCall(server, '/v2/oauth_grants', tokens.access_token)).json()).data as { id: string }[];
    const refused = await apiCall(server, `/v2/oauth_grants/${grants[0]!.id}`, tokens.access_token, { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(/scope="account_management.write"/);
    const { tokens: phoneOnly } = await signIn('heidi');
    expect((await apiCall(server, '/v2/oauth_grants', phoneOnly.access_token)).status).toBe(403);
  });

  it('creates, lists, gets, updates and deletes OAuth clients; a created client signs in; unknown scopes are 422 10027', async () => {
    const { tokens } = await signIn('ivan', FULL);
    const token = tokens.access_token;
    const refused = await apiCall(server, '/v2/oauth_clients', token, {
      method: 'POST',
      body: JSON.stringify({ name: 'CLI', allowed_scopes: ['admin'], client_type: 'public', allowed_grant_types: ['authorization_code'], redirect_uris: [REDIRECT] }),
    });
    expect(refused.status).toBe(422);
    const refusal = (await refused.json()) as { errors: Record<string, any>[] };
    expect(refusal.errors[0]).toMatchObject({ code: '10027', source: { pointer: '/allowed_scopes' } });
    expect(refusal.errors[0]!.detail).toContain('must be a subset of account_management.read');

    const created = await apiCall(server, '/v2/oauth_clients', token, {
      method: 'POST',
      body: JSON.stringify({
        name: 'My tool',
        allowed_scopes: ['numbers.read'],
        client_type: 'public',
        allowed_grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [`${APP}/tool`],
        logo_uri: `${APP}/logo.png`,
        tos_uri: `${APP}/tos`,
        policy_uri: `${APP}/privacy`,
        require_pkce: true,
      }),
    });
    expect(created.status).toBe(200);
    const client = ((await created.json()) as { data: Record<string, any> }).data;
    expect(client).toEqual({
      record_type: 'oauth_client',
      client_id: expect.any(String),
      name: 'My tool',
      org_id: expect.any(String),
      user_id: 'ivan',
      client_type: 'public',
      require_pkce: true,
      allowed_grant_types: ['authorization_code', 'refresh_token'],
      allowed_scopes: ['numbers.read'],
      redirect_uris: [`${APP}/tool`],
      logo_uri: `${APP}/logo.png`,
      tos_uri: `${APP}/tos`,
      policy_uri: `${APP}/privacy`,
      client_secret: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });

    // It signs in, within its allowed scopes only.
    const signedIn = await codeFlow(server, { clientId: client.client_id, redirectUri: `${APP}/tool`, username: 'ivan' });
    expect(signedIn.tokens.scope).toBe('numbers.read');
    const wider = await authorizeRequest(server, authorizeParams({ client_id: client.client_id, redirect_uri: `${APP}/tool`, scope: 'fax.read' }));
    expect(new URL(wider.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');

    const listed = (await (await apiCall(server, '/v2/oauth_clients', token)).json()) as { data: { client_id: string }[]; meta: Record<string, number> };
    expect(listed.data.map((c) => c.client_id)).toEqual(expect.arrayContaining([CLIENT, client.client_id]));
    expect((await (await apiCall(server, `/v2/oauth_clients/${client.client_id}`, token)).json()).data).toEqual(client);

    const updated = await apiCall(server, `/v2/oauth_clients/${client.client_id}`, token, { method: 'PUT', body: JSON.stringify({ name: 'My tool 2', allowed_scopes: ['numbers.read', 'fax.read'] }) });
    expect(updated.status).toBe(200);
    expect((await updated.json()).data).toMatchObject({ name: 'My tool 2', allowed_scopes: ['numbers.read', 'fax.read'], redirect_uris: [`${APP}/tool`] });
    expect((await codeFlow(server, { clientId: client.client_id, redirectUri: `${APP}/tool`, scope: 'fax.read' })).tokens.scope).toBe('fax.read');
    const badUpdate = await apiCall(server, `/v2/oauth_clients/${client.client_id}`, token, { method: 'PUT', body: JSON.stringify({ allowed_scopes: ['numbers.delete'] }) });
    expect(await errorCode(badUpdate)).toBe('10027');

    expect((await apiCall(server, `/v2/oauth_clients/${client.client_id}`, token, { method: 'DELETE' })).status).toBe(204);
    expect((await apiCall(server, `/v2/oauth_clients/${client.client_id}`, token)).status).toBe(404);
    // Its tokens die with it.
    expect((await apiCall(server, '/v2/phone_numbers', signedIn.tokens.access_token)).status).toBe(401);
  });

  it('shows a confidential client its secret once, and the secret authenticates it', async () => {
    const { tokens } = await signIn('judy', FULL);
    const created = await apiCall(server, '/v2/oauth_clients', tokens.access_token, {
      method: 'POST',
      body: JSON.stringify({ name: 'Backend', allowed_scopes: ['numbers.read'], client_type: 'confidential', allowed_grant_types: ['client_credentials'] }),
    });
    const client = ((await created.json()) as { data: Record<string, any> }).data;
    expect(client).toMatchObject({ client_type: 'confidential', client_secret: expect.any(String), require_pkce: false });
    expect((await (await apiCall(server, `/v2/oauth_clients/${client.client_id}`, tokens.access_token)).json()).data.client_secret).toBeNull();

    const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
    const { response, json } = await tokenRequest(server, { grant_type: 'client_credentials', scope: 'numbers.read' }, { authorization: basic });
    expect(response.status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'numbers.read' });
    expect((await apiCall(server, '/v2/phone_numbers', json.access_token)).status).toBe(200);
  });

  it('answers the slash forms /v2/oauth/clients and GET/DELETE /v2/oauth/grants with 404 code 10005', async () => {
    const { tokens } = await signIn('kim', FULL);
    for (const [method, path] of [
      ['GET', '/v2/oauth/clients'],
      ['POST', '/v2/oauth/clients'],
      ['GET', '/v2/oauth/clients/x'],
      ['GET', '/v2/oauth/grants'],
      ['GET', '/v2/oauth/grants/x'],
      ['DELETE', '/v2/oauth/grants/x'],
    ] as const) {
      const response = await apiCall(server, path, tokens.access_token, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorCode(response)).toBe('10005');
    }
  });
});

describe('introspection', () => {
  it('answers 5 calls a minute per client, then 429 code 10011 with ratelimit headers', async () => {
    const { tokens } = await signIn();
    const introspect = () =>
      fetch(`${server.url}/v2/oauth/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: CLIENT, token: tokens.access_token }),
      });
    for (let i = 0; i < 5; i++) {
      const response = await introspect();
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(4 - i));
      expect(await response.json()).toMatchObject({ active: true, client_id: CLIENT, scope: 'numbers.read', aud: server.url });
    }
    const limited = await introspect();
    expect(limited.status).toBe(429);
    expect(await errorCode(limited)).toBe('10011');
    expect(limited.headers.get('ratelimit-limit')).toBe('5, 5;w=60');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(server.counts()).toMatchObject({ introspection: 6, introspectionByStatus: { 200: 5, 429: 1 } });
  });

  it('says active:false for a portal user credential (an API key)', async () => {
    const response = await fetch(`${server.url}/v2/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT, token: await portalSignIn(server, 'lee') }),
    });
    expect(await response.json()).toEqual({ active: false });
  });
});

describe('dynamic registration', () => {
  it('registers a public client from any loopback origin, and it signs in', async () => {
    const origin = 'http://127.0.0.1:6123';
    const registered = await fetch(`${server.url}/v2/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ client_name: 'My SPA', redirect_uris: [`${origin}/cb`], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }),
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('access-control-allow-origin')).toBe(origin);
    const client = (await registered.json()) as { client_id: string };
    const { tokens } = await codeFlow(server, { clientId: client.client_id, redirectUri: `${origin}/cb` });
    expect(tokens.refresh_token).toEqual(expect.any(String)); // public clients get refresh tokens
    expect(server.counts()).toMatchObject({ registration: 1 });
  });
});

describe('CORS', () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        // As Firefox and Safari ask for the official client (they send a script's User-Agent; Chromium does not).
        'access-control-request-headers': 'authorization, user-agent, x-stainless-lang, x-stainless-package-version, x-stainless-os, x-stainless-arch, x-stainless-runtime, x-stainless-runtime-version, x-stainless-retry-count, x-stainless-timeout',
      },
    });
  const PATHS = ['/.well-known/oauth-authorization-server', '/v2/oauth/token', '/v2/oauth/register', '/v2/phone_numbers', '/v2/oauth/grants'];

  it('is permissive for loopback origins by default: metadata, token, registration, consent and REST API', async () => {
    for (const origin of ['http://localhost:5999', 'http://127.0.0.1:8080', 'http://[::1]:3000']) {
      for (const path of PATHS) {
        const ok = await preflight(path, origin);
        expect(ok.status).toBe(204);
        expect(ok.headers.get('access-control-allow-origin'), `${origin} ${path}`).toBe(origin);
        expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization.*content-type.*user-agent.*x-stainless-lang.*x-stainless-timeout/);
      }
    }
    const api = await apiCall(server, '/v2/phone_numbers', undefined, { headers: { origin: APP } });
    expect(api.headers.get('access-control-allow-origin')).toBe(APP);
    expect(api.headers.get('access-control-expose-headers')).toMatch(/www-authenticate.*x-request-id.*ratelimit-limit.*retry-after/);
    const metadata = await fetch(`${server.url}/.well-known/oauth-authorization-server`, { headers: { origin: APP } });
    expect(metadata.headers.get('access-control-allow-origin')).toBe(APP);
    const token = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'x' }, { origin: APP });
    expect(token.response.headers.get('access-control-allow-origin')).toBe(APP);

    const foreign = 'https://example.com';
    expect((await preflight('/v2/phone_numbers', foreign)).headers.get('access-control-allow-origin')).toBeNull();
    const foreignToken = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'x' }, { origin: foreign });
    expect(foreignToken.response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS header at all in strict mode, except to the portal', async () => {
    server.configure({ cors: 'strict' });
    for (const path of PATHS) {
      const response = await preflight(path, APP);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
    }
    const token = await tokenRequest(server, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'x' }, { origin: APP });
    expect(token.response.headers.get('access-control-allow-origin')).toBeNull();
    const jwks = await fetch(`${server.url}/v2/oauth/jwks`, { headers: { origin: APP } });
    expect(jwks.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('/v2/oauth/grants', server.portalUrl)).headers.get('access-control-allow-origin')).toBe(server.portalUrl);
  });
});

describe('test routes', () => {
  it('serve Node and refuse browsers', async () => {
    expect((await fetch(`${server.url}/__test__/counts`)).status).toBe(200);
    expect((await fetch(`${server.url}/__test__/counts`, { headers: { origin: APP } })).status).toBe(403);
  });

  it('take the API offline (connections dropped unanswered) and back', async () => {
    const offline = (value: unknown) => fetch(`${server.url}/__test__/api-offline`, { method: 'POST', body: JSON.stringify({ offline: value }) });
    expect(await (await offline(true)).json()).toEqual({ apiOffline: true });
    await expect(apiCall(server, '/v2/oauth_grants')).rejects.toThrow(TypeError);
    expect((await offline('yes')).status).toBe(400);
    expect(await (await offline(false)).json()).toEqual({ apiOffline: false });
    expect((await apiCall(server, '/v2/oauth_grants')).status).toBe(401);
    // A reset brings it back too, as it clears queued faults.
    await offline(true);
    await fetch(`${server.url}/__test__/reset`, { method: 'POST' });
    expect((await apiCall(server, '/v2/oauth_grants')).status).toBe(401);
  });
});

describe('the command line', () => {
  it('prints its help and no runtime warning that the README contradicts (tools support Node ^20.19 || >=22.12)', async () => {
    const cli = join(import.meta.dirname, '../../demo/server/cli.js');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(stdout).toContain('Usage: node demo/server/cli.js');
    expect(stderr).toBe('');
  });
});
