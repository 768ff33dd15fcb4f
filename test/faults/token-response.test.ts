// Fault matrix, token response: whatever the token endpoint answers to the code exchange, the result is a
// typed error (or a session whose expiry is computed sanely), exactly one token request, no retry of a
// single-use code, and nothing half-stored.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Login, LoginErrorCode } from '../../src/index.js';
import { freshIndexedDb } from '../helpers/app.js';
import { fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, hangPastTimeout, land, offline, readSession, startSignIn, tokenJson, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

const YEAR_MS = 365 * 24 * 3600_000;

/** Signs in with the token endpoint's answer to the code exchange replaced by `handler`. */
async function exchangeWith(server: FakeServer, handler: (request: Request) => Response | Promise<Response>, overrides = {}) {
  const { callback } = await startSignIn(server, overrides);
  server.queue(server.tokenPath, handler);
  const app = await land(server, callback, overrides);
  expect(server.unusedQueued()).toBe(0);
  return app;
}

/** The server's real token response with its JSON body changed by `edit`. */
const edited = (server: FakeServer, edit: (body: Record<string, unknown>) => void) => async (request: Request) => {
  const body = (await (await server.respond(request)).json()) as Record<string, unknown>;
  edit(body);
  return tokenJson(body);
};

/** The four assertions of a failed code exchange: error, state, storage, one request and no retry. */
async function expectExchangeFailed(server: FakeServer, login: Login, code: LoginErrorCode, status?: number) {
  const error = expectLoginError(login.state.error, code, status === undefined ? {} : { status });
  expect(login.state.status).toBe('signed-out');
  expect(await readSession()).toMatchObject({ tokens: undefined, pending: undefined });
  expect(tokenRequests(server)).toBe(1);
  expect(window.location.search).toBe('');
  expectNoBearerOutsideApi(server);
  return error;
}

describe('token response faults (code exchange)', () => {
  it('token response: malformed JSON → invalid_response, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, () => new Response('{"access_token": "at-1", ', { headers: { 'content-type': 'application/json' } }));
    await expectExchangeFailed(server, login, 'invalid_response');
  });

  it('token response: missing access_token → invalid_response, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => delete body.access_token));
    await expectExchangeFailed(server, login, 'invalid_response');
  });

  it('token response: token_type "mac" instead of Bearer → invalid_response, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => (body.token_type = 'mac')));
    await expectExchangeFailed(server, login, 'invalid_response');
  });

  it('token response: expires_in negative → invalid_response, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => (body.expires_in = -1)));
    await expectExchangeFailed(server, login, 'invalid_response');
  });

  it('token response: expires_in missing → signed-in with no expiry; the token is used until the API refuses it, no refresh before', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => delete body.expires_in));
    expect(login.state).toMatchObject({ status: 'signed-in', expiresAt: undefined, error: undefined });
    const { tokens } = await readSession();
    expect(tokens).toMatchObject({ accessToken: expect.stringMatching(/^at-/), expiresAt: undefined });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * YEAR_MS);
    expect(await login.getAccessToken()).toBe(tokens?.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it('token response: expires_in 0 → signed-in, already due; the next calls share exactly one refresh, no loop', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => (body.expires_in = 0)));
    expect(login.state.status).toBe('signed-in');
    const { tokens } = await readSession();
    expect(tokens?.expiresAt).toBe(tokens?.receivedAt);
    const fresh = await Promise.all(Array.from({ length: 5 }, () => login.getAccessToken()));
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(tokens?.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
    expect((await readSession()).tokens?.accessToken).toBe(fresh[0]);
    expect(await login.getAccessToken()).toBe(fresh[0]);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('token response: expires_in huge (1e12 s) → signed-in, expiry capped at a year: no overflow, refreshed after a year, not before', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, edited(server, (body) => (body.expires_in = 1e12)));
    const { tokens } = await readSession();
    expect(tokens!.expiresAt! - tokens!.receivedAt).toBe(YEAR_MS);
    expect(login.state).toMatchObject({ status: 'signed-in', expiresAt: tokens!.expiresAt });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(tokens!.receivedAt + YEAR_MS - 3600_000);
    expect(await login.getAccessToken()).toBe(tokens!.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(0);
    vi.setSystemTime(tokens!.receivedAt + YEAR_MS);
    expect(await login.getAccessToken()).not.toBe(tokens!.accessToken);
    expect(tokenRequests(server, 'refresh_token')).toBe(1);
  });

  it('token endpoint: 500 → server_error with status 500, signed-out, nothing stored, one token request (a code is never retried)', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, () => new Response('Internal Server Error', { status: 500 }));
    await expectExchangeFailed(server, login, 'server_error', 500);
  });

  it('token endpoint: 503 with Retry-After → server_error with status 503, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, () => new Response('Service Unavailable', { status: 503, headers: { 'retry-after': '1' } }));
    await expectExchangeFailed(server, login, 'server_error', 503);
  });

  it('token endpoint: no answer within the timeout → timeout, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { login } = await exchangeWith(server, hangPastTimeout(50), { timeout: 50 });
    await expectExchangeFailed(server, login, 'timeout');
  });

  it('token endpoint: offline → network, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, offline);
    await expectExchangeFailed(server, login, 'network');
  });

  it('token endpoint: 401 invalid_client → invalid_client with the server error, signed-out, nothing stored, one token request', async () => {
    const server = fakeServer();
    const { login } = await exchangeWith(server, () => tokenJson({ error: 'invalid_client', error_description: 'unknown client' }, 401));
    await expectExchangeFailed(server, login, 'invalid_client', 401);
  });
});
