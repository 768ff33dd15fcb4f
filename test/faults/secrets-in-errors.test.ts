// Fault matrix, secrets in errors: whatever fails, no error (nor its causes, nor the state or events that
// carry it) holds a token, an authorization code or a PKCE verifier. Errors are logged and sent to error
// reporters whole, so every reachable property is searched, bodies of any Response included.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';
import { fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, land, readSession, rejectionOf, startSignIn, tokenJson, withParams } from './helpers.js';

beforeEach(freshIndexedDb);
afterEach(() => vi.useRealTimers());

/**
 * Every path under `root` whose value contains one of `secrets`: own properties (enumerable or not,
 * symbols too), causes, Response and Request bodies (read from a clone), headers, URLs, search params.
 */
async function secretsIn(root: unknown, secrets: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const check = (text: string, path: string) => {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${path} holds ${secret.slice(0, 6)}…`);
  };
  const visit = async (value: unknown, path: string, depth: number): Promise<void> => {
    if (typeof value === 'string') return check(value, path);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value) || depth > 12) return;
    seen.add(value);
    if (value instanceof Response || value instanceof Request) {
      if (!value.bodyUsed && value.body !== null) check(await value.clone().text(), `${path}.<body>`);
      check(value.url, `${path}.url`);
      value.headers.forEach((header, name) => check(`${name}: ${header}`, `${path}.headers`));
    }
    if (value instanceof URL || value instanceof URLSearchParams) check(value.toString(), path);
    if (value instanceof Headers || value instanceof Map) for (const [key, entry] of value) await visit(`${String(key)}=${String(entry)}`, `${path}[${String(key)}]`, depth + 1);
    if (value instanceof Set || Array.isArray(value)) for (const [index, entry] of [...value].entries()) await visit(entry, `${path}[${index}]`, depth + 1);
    if (value instanceof Error) check(String(value.stack), `${path}.stack`);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      const child = 'value' in descriptor ? descriptor.value : undefined;
      await visit(child, `${path}.${String(key)}`, depth + 1);
    }
    // Getters on prototypes (Error#cause is own; oauth4webapi keeps fields own) reached through JSON too.
    try {
      check(JSON.stringify(value) ?? '', `${path}<json>`);
    } catch {
      // cyclic or not serialisable: its parts were walked above
    }
  };
  await visit(root, 'error', 0);
  return found;
}

/** The code, the verifier and whatever tokens `body` holds, for a sign-in whose exchange is answered by `answer`. */
async function refusedExchange(server: FakeServer, answer: (real: Record<string, unknown>) => Response) {
  const { callback } = await startSignIn(server);
  const { pending } = await readSession();
  const secrets = [callback.searchParams.get('code')!, pending!.codeVerifier];
  server.queue(server.tokenPath, async (request) => {
    const real = (await (await server.respond(request)).json()) as Record<string, unknown>;
    secrets.push(...['access_token', 'refresh_token', 'id_token'].map((name) => real[name]).filter((token): token is string => typeof token === 'string'));
    return answer(real);
  });
  const events: unknown[] = [];
  visit(callback.href);
  const { login } = openApp(server);
  login.on('signed-out', (event) => events.push(event));
  login.on('warning', (event) => events.push(event));
  await login.ready;
  expect(server.unusedQueued()).toBe(0);
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  expect(secrets.every((secret) => secret.length > 8)).toBe(true);
  return { login, secrets, events };
}

describe('no secret in any error', () => {
  it.each([
    ['token_type "mac" (unsupported)', (body: Record<string, unknown>) => tokenJson({ ...body, token_type: 'mac' })],
    ['a negative expires_in', (body: Record<string, unknown>) => tokenJson({ ...body, expires_in: -1 })],
    ['status 201 instead of 200 (the body unread)', (body: Record<string, unknown>) => tokenJson(body, 201)],
    ['an id_token that is not a JWT', (body: Record<string, unknown>) => tokenJson({ ...body, id_token: `idt-${String(body.access_token)}` })],
    ['a 400 whose body carries tokens beside the error', (body: Record<string, unknown>) => tokenJson({ ...body, error: 'invalid_request' }, 400)],
  ])('secrets: a refused token response with %s → state.error, its causes and events hold no token, code or verifier', async (_name, answer) => {
    const server = fakeServer();
    const { login, secrets, events } = await refusedExchange(server, answer);
    expect(login.state.status).toBe('signed-out');
    expect(login.state.error).toBeDefined();
    expect(await secretsIn({ state: login.state, events }, secrets)).toEqual([]);
  });

  it.each([
    ['a forged state', { state: 'forged' }],
    ['an error response that also carries the code', { error: 'access_denied' }],
    ['an iss from another issuer', { iss: 'https://evil.localhost/v2' }],
  ])('secrets: a refused callback with %s → state.error holds neither the code nor the verifier', async (_name, params) => {
    const server = fakeServer();
    const { callback } = await startSignIn(server);
    const secrets = [callback.searchParams.get('code')!, (await readSession()).pending!.codeVerifier];
    const { login } = await land(server, withParams(callback, params));
    expect(login.state.error).toBeDefined();
    expect(await secretsIn(login.state, secrets)).toEqual([]);
  });

  it.each([
    ['token_type "mac"', (body: Record<string, unknown>) => tokenJson({ ...body, token_type: 'mac' })],
    ['status 201 (the body unread)', (body: Record<string, unknown>) => tokenJson(body, 201)],
    ['a 503 whose body carries tokens', (body: Record<string, unknown>) => tokenJson(body, 503, { 'retry-after': '0' })],
  ])('secrets: a refused refresh response with %s → the rejection, state and events hold neither the old nor the refused tokens', async (_name, answer) => {
    const server = fakeServer({ accessTokenTtl: 100 });
    // One attempt: a retry would spend the rotated refresh token and get no tokens back to look for.
    const { login } = await signedIn(server, { refreshRetries: 0 });
    const before = (await readSession()).tokens!;
    const secrets = [before.accessToken, before.refreshToken!];
    const events: unknown[] = [];
    login.on('signed-out', (event) => events.push(event));
    server.queue(server.tokenPath, async (request) => {
      const real = (await (await server.respond(request)).json()) as Record<string, unknown>;
      secrets.push(real.access_token as string, real.refresh_token as string);
      return answer(real);
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 100_000);
    const error = await rejectionOf(login.getAccessToken());
    expectLoginError(error, (error as { code: 'invalid_response' | 'server_error' }).code);
    expect(server.unusedQueued()).toBe(0);
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 8)).toBe(true);
    expect(await secretsIn({ error, state: login.state, events }, secrets)).toEqual([]);
  });
});
