// Fault matrix, callback: every malformed, forged or failed authorization response ends in a typed error,
// no token request, the pending sign-in consumed and the address bar cleaned.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login, LoginErrorCode } from '../../src/index.js';
import { freshIndexedDb, signedIn } from '../helpers/app.js';
import { APP, fakeServer, REDIRECT_URI, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, land, readSession, startSignIn, tokenRequests, withParams } from './helpers.js';

beforeEach(freshIndexedDb);

/**
 * The four assertions of a refused callback made with no session: error, state, storage, requests. A
 * callback that names its sign-in (by `state`) consumes it; one that names none leaves `kept` alone.
 */
async function expectRefused(server: FakeServer, login: Login, code: LoginErrorCode, kept?: string) {
  const error = expectLoginError(login.state.error, code);
  expect(login.state.status).toBe('signed-out');
  const stored = await readSession();
  expect(stored.tokens).toBeUndefined();
  expect(stored.pendings.map((pending) => pending.state)).toEqual(kept === undefined ? [] : [kept]);
  expect(tokenRequests(server)).toBe(0);
  expectNoBearerOutsideApi(server);
  for (const name of ['code', 'state', 'iss', 'error', 'error_description']) expect(new URL(window.location.href).searchParams.has(name)).toBe(false);
  await expect(login.getAccessToken()).rejects.toMatchObject({ code: 'login_required' });
  return error;
}

/** A real sign-in whose callback comes back with `params` changed: refused, with the four assertions. */
async function expectTamperedRefused(params: Record<string, string | null>, code: LoginErrorCode) {
  const server = fakeServer({ iss: true });
  const { callback, state } = await startSignIn(server);
  const { login } = await land(server, withParams(callback, params));
  // Tampering with "state" makes the response name no sign-in: the real one is still under way.
  return expectRefused(server, login, code, 'state' in params ? state : undefined);
}

describe('callback faults', () => {
  it('callback: state mismatch → state_mismatch, signed-out, nothing stored, the real sign-in left pending, no token request', () =>
    expectTamperedRefused({ state: 'forged' }, 'state_mismatch'));

  it('callback: state missing → state_missing, signed-out, nothing stored, the real sign-in left pending, no token request', () =>
    expectTamperedRefused({ state: null }, 'state_missing'));

  it('callback: iss from another issuer → issuer_mismatch, signed-out, nothing stored, no token request', () =>
    expectTamperedRefused({ iss: 'https://evil.localhost/v2' }, 'issuer_mismatch'));

  it('callback: iss missing while the server advertises RFC 9207 → issuer_missing, signed-out, nothing stored, no token request', () =>
    expectTamperedRefused({ iss: null }, 'issuer_missing'));

  it('callback: iss missing from a server that does not advertise RFC 9207 → accepted, signed-in', async () => {
    const server = fakeServer({ iss: false });
    const { callback } = await startSignIn(server);
    expect(callback.searchParams.has('iss')).toBe(false);
    const { login } = await land(server, callback);
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect((await readSession()).tokens?.accessToken).toMatch(/^at-/);
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it('callback: error=access_denied → access_denied with the server description, signed-out, nothing stored, no token request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server, {}, `${APP}/`, { deny: true });
    const { login } = await land(server, callback);
    const error = await expectRefused(server, login, 'access_denied');
    expect(error).toMatchObject({ error: 'access_denied', errorDescription: 'The user denied the request' });
  });

  it('callback: error=server_error with a description → authorization_error keeping error and description, signed-out, nothing stored', async () => {
    const error = await expectTamperedRefused({ code: null, error: 'server_error', error_description: 'Database unavailable' }, 'authorization_error');
    expect(error).toMatchObject({ error: 'server_error', errorDescription: 'Database unavailable' });
  });

  it('callback: both code and error → the error wins (authorization_error), no token request, nothing stored', async () => {
    const error = await expectTamperedRefused({ error: 'temporarily_unavailable' }, 'authorization_error');
    expect(error.error).toBe('temporarily_unavailable');
  });

  it('callback: error=invalid_scope (a scope the server does not offer, such as Telnyx\'s retired admin) → invalid_scope, signed-out, nothing stored, no token request', async () => {
    const error = await expectTamperedRefused({ code: null, error: 'invalid_scope', error_description: 'admin is not a valid scope' }, 'invalid_scope');
    expect(error).toMatchObject({ error: 'invalid_scope', errorDescription: 'admin is not a valid scope' });
  });

  it('callback: an error response with a forged state → state_mismatch (the forged error is not reported as the server\'s)', async () => {
    const error = await expectTamperedRefused({ code: null, state: 'forged', error: 'access_denied' }, 'state_mismatch');
    expect(error.error).toBeUndefined();
  });

  it('callback: verifier gone (storage cleared between redirect and callback) → no_pending_sign_in, signed-out, nothing stored, no token request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    await freshIndexedDb(); // the user cleared site data while on the authorization server
    const { login } = await land(server, callback);
    await expectRefused(server, login, 'no_pending_sign_in');
  });

  it('callback: garbage query (bad percent-escapes, empty names, duplicates) → invalid_callback, signed-out, nothing stored, no token request', async () => {
    const server = fakeServer();
    const { callback, state } = await startSignIn(server);
    const iss = encodeURIComponent(server.issuer);
    const garbage = `${REDIRECT_URI}?%%&code=%E0%A4%A&=&&code=%FF&state=${state}&iss=${iss}&%ZZ=%`;
    expect(callback.searchParams.get('state')).toBe(state);
    const { login } = await land(server, garbage);
    await expectRefused(server, login, 'invalid_callback');
  });

  it('callback: a very long query string (1 MB of parameters) → state_mismatch, signed-out, nothing stored, the real sign-in left pending, no token request', async () => {
    const server = fakeServer();
    const { callback, state } = await startSignIn(server);
    // Built as a string: appending to URLSearchParams one by one re-serializes the whole query each time.
    const junk = Array.from({ length: 2_000 }, (_, i) => `junk${i}=${'j'.repeat(20)}`).join('&');
    const url = `${withParams(callback, { state: 'x'.repeat(500_000), code: 'c'.repeat(500_000) }).href}&${junk}`;
    const { login } = await land(server, url);
    await expectRefused(server, login, 'state_mismatch', state);
  });

  it('callback: a duplicated state parameter (same value twice) → state_mismatch, no token request', async () => {
    const server = fakeServer();
    const { callback, state } = await startSignIn(server);
    const url = new URL(callback.href);
    url.searchParams.append('state', state);
    const { login } = await land(server, url);
    // A repeated state names no sign-in: nothing is consumed.
    await expectRefused(server, login, 'state_mismatch', state);
  });
});

describe('code replay', () => {
  it('code replay: reloading the callback URL on a fresh page keeps the session, no error, no second token request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    await land(server, callback);
    const stored = (await readSession()).tokens;
    expect(stored?.accessToken).toMatch(/^at-/);
    // A real reload is a new JavaScript realm: nothing of the first page's module state survives it.
    vi.resetModules();
    const fresh = await import('../helpers/app.js');
    fresh.visit(callback.href);
    const { login } = fresh.openApp(server);
    await login.ready;
    expect(login.state).toMatchObject({ status: 'signed-in', error: undefined });
    expect(await readSession()).toMatchObject({ tokens: stored, pending: undefined });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
    expect(window.location.search).toBe('');
  });

  it('code replay: a second exchange of an already-redeemed code (invalid_grant) does not sign out the session already signed in', async () => {
    const server = fakeServer();
    const { login: first } = await signedIn(server);
    const before = await readSession();
    first.dispose();
    // A second sign-in whose code was redeemed elsewhere first (intercepted, or used by another tab).
    const { callback } = await startSignIn(server);
    const code = callback.searchParams.get('code')!;
    await server.fetch(`${server.issuer}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'spa-client', redirect_uri: REDIRECT_URI, code_verifier: 'x'.repeat(43) }),
    });
    const { login } = await land(server, callback);
    expectLoginError(login.state.error, 'invalid_grant', { error: 'invalid_grant', status: 400 });
    expect(login.state.status).toBe('signed-in');
    expect(await readSession()).toMatchObject({ tokens: before.tokens, pending: undefined });
    expect(await login.getAccessToken()).toBe(before.tokens?.accessToken);
    expect(tokenRequests(server, 'authorization_code')).toBe(3); // first sign-in, the thief's, ours
    expectNoBearerOutsideApi(server);
  });

  it('code replay: a forged callback while signed in (state mismatch) keeps the session and its tokens untouched', async () => {
    const server = fakeServer();
    const { login: first } = await signedIn(server);
    const before = await readSession();
    first.dispose();
    const requests = server.log.length;
    const { login } = await land(server, `${REDIRECT_URI}?code=attacker-code&state=forged&iss=${encodeURIComponent(server.issuer)}`);
    expect(login.state.status).toBe('signed-in');
    // No sign-in was started here, so this is a stray (or replayed) callback: not reported as an error.
    expect(login.state.error).toBeUndefined();
    expect(await readSession()).toMatchObject({ tokens: before.tokens, pending: undefined });
    expect(server.log.length).toBe(requests);
  });
});

describe('state values every object has', () => {
  it.each(['__proto__', 'constructor', 'toString'])('callback: state=%s → state_mismatch, signed-out, nothing stored, the real sign-in left pending, no token request', async (state) => {
    await expectTamperedRefused({ state }, 'state_mismatch');
  });
});

describe('what the callback says, and what it leaves', () => {
  it.each([
    ['the redirect URI without code or error', `${REDIRECT_URI}?tab=2`],
    ['another page carrying code and state', `${APP}/settings?code=abc&state=xyz`],
    ['the redirect path on another origin', `https://elsewhere.localhost/callback?code=abc&state=xyz`],
  ])('callback: %s is no callback → signed-out without an error, the address bar untouched, no request', async (_name, url) => {
    const server = fakeServer();
    await startSignIn(server);
    const { login } = await land(server, url);
    expect(login.state).toEqual({ status: 'signed-out' });
    expect(window.location.href).toBe(url);
    expect(tokenRequests(server)).toBe(0);
    expect((await readSession()).pendings).toHaveLength(1);
  });

  it.each([
    [{ state: null }, 'state_missing', 'the response has no "state"'],
    [{ state: 'forged' }, 'state_mismatch', 'the response "state" is not one this browser sent'],
    [{ iss: 'https://evil.localhost/v2' }, 'issuer_mismatch', 'the response comes from another issuer'],
    [{ iss: null }, 'issuer_missing', 'the response has no "iss" though the server promises one'],
    [{ code: '' }, 'invalid_callback', 'the response has no single, non-empty "code"'],
  ] as const)('callback: %o → %s, saying %s', async (params, code, message) => {
    const error = await expectTamperedRefused(params, code);
    expect(error.message).toBe(`Sign-in failed: ${message}`);
    if (code.startsWith('issuer_')) expect(error.cause).toBeInstanceOf(Error);
  });

  it('callback: iss given twice, both the right issuer → invalid_callback (not an issuer error), the pending sign-in consumed, no token request', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    const url = new URL(callback.href);
    url.searchParams.append('iss', server.issuer);
    const { login } = await land(server, url);
    const error = await expectRefused(server, login, 'invalid_callback');
    expect(error.message.startsWith('Sign-in failed: ')).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('callback: no sign-in started in this browser → no_pending_sign_in, saying so', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    await freshIndexedDb();
    const { login } = await land(server, callback);
    expect(expectLoginError(login.state.error, 'no_pending_sign_in').message).toBe('Sign-in failed: no sign-in was started in this browser (or its storage was cleared)');
  });

  it('callback: error_uri and session_state leave the address bar with the rest of the response', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server, {}, `${APP}/`, { deny: true });
    const { login } = await land(server, withParams(callback, { error_uri: 'https://auth.localhost/help', session_state: 'abc' }));
    expectLoginError(login.state.error, 'access_denied');
    expect(window.location.href).toBe(REDIRECT_URI);
  });

  it('callback: a server_error refusal of a sign-in that asked for no scope carries no hint to pass "scope" (only access_denied and invalid_scope do)', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server, { scope: undefined });
    const { login } = await land(server, withParams(callback, { code: null, error: 'server_error', error_description: 'Database unavailable' }), { scope: undefined });
    expect(expectLoginError(login.state.error, 'authorization_error').message).toBe('Sign-in failed: Database unavailable');
  });

  it('callback: an openid sign-in whose token response has no ID token → invalid_response, nothing stored', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    server.queue(server.tokenPath, async (request) => {
      const { id_token: _dropped, ...body } = (await (await server.respond(request)).json()) as Record<string, unknown>;
      return Response.json(body);
    });
    const { login } = await land(server, callback);
    const error = expectLoginError(login.state.error, 'invalid_response');
    expect(error.message.startsWith('Code exchange')).toBe(true);
    expect(login.state.status).toBe('signed-out');
    expect((await readSession()).tokens).toBeUndefined();
    expect(server.unusedQueued()).toBe(0);
  });

  it('callback: the same callback URL again in this page after signing out → still signed out: the finished exchange is not replayed', async () => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    const first = await land(server, callback);
    expect(first.login.state.status).toBe('signed-in');
    await first.login.signOut();
    first.login.dispose();
    const again = await land(server, callback);
    expect(again.login.state.status).toBe('signed-out');
    expect((await readSession()).tokens).toBeUndefined();
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });
});
