import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import {
  ApiConnectionError,
  AuthenticationError,
  createTelnyxClient,
  InvalidParameterError,
  isApiConnectionError,
  isAuthenticationError,
  isInvalidParameterError,
  isMissingParameterError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isTelnyxApiError,
  isTelnyxError,
  isUnprocessableEntityError,
  MissingParameterError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TelnyxApiError,
  TelnyxError,
  UnprocessableEntityError,
} from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';

const telnyxErrors = (status: number, title: string, extra: object = {}) =>
  json({ errors: [{ code: `1000${status % 10}`, title, detail: `${title} (detail)`, ...extra }] }, { status, headers: { 'x-request-id': `req-${status}` } });

async function failure(response: Response): Promise<unknown> {
  const api = fakeApi().on('GET', '/oauth_grants', response);
  return createTelnyxClient({ fetch: api.fetch, retry: false }).oauthGrants.listPage().catch((e: unknown) => e);
}

describe('error classes by status', () => {
  test.each([
    [401, AuthenticationError, 'AuthenticationError', 'authentication_failed', isAuthenticationError],
    [403, PermissionDeniedError, 'PermissionDeniedError', 'permission_denied', isPermissionDeniedError],
    [404, NotFoundError, 'NotFoundError', 'not_found', isNotFoundError],
    [422, UnprocessableEntityError, 'UnprocessableEntityError', 'unprocessable_entity', isUnprocessableEntityError],
    [429, RateLimitError, 'RateLimitError', 'rate_limited', isRateLimitError],
  ] as const)('%i is a %O', async (status, Class, name, code, guard) => {
    const err = await failure(telnyxErrors(status, 'Something', { source: { pointer: '/name', parameter: 'name' }, meta: { url: 'https://developers.telnyx.com' } }));
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(err).toBeInstanceOf(TelnyxError);
    expect(err).toBeInstanceOf(Error);
    expect(guard(err)).toBe(true);
    expect(isTelnyxApiError(err)).toBe(true);
    expect(isTelnyxError(err)).toBe(true);
    expect(err).toMatchObject({ name, code, status, message: 'Something (detail)', requestId: `req-${status}` });
    const apiError = err as TelnyxApiError;
    expect(apiError.errors).toEqual([
      { code: `1000${status % 10}`, title: 'Something', detail: 'Something (detail)', source: { pointer: '/name', parameter: 'name' }, meta: { url: 'https://developers.telnyx.com' } },
    ]);
    expect(apiError.headers?.get('x-request-id')).toBe(`req-${status}`);
  });

  test('422 keeps every errors[] entry, pointing at each field', async () => {
    const errors = [
      { code: '10015', title: 'Invalid value', detail: 'name is blank', source: { pointer: '/name' } },
      { code: 10016, title: 'Invalid value', source: { parameter: 'allowed_scopes' } },
      'not an object',
    ];
    const err = await failure(json({ errors }, { status: 422 }));
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).errors).toEqual([
      { code: '10015', title: 'Invalid value', detail: 'name is blank', source: { pointer: '/name' } },
      { code: '10016', title: 'Invalid value', source: { parameter: 'allowed_scopes' } },
    ]);
    expect((err as UnprocessableEntityError).message).toBe('name is blank');
  });

  test('429 with retries off: RateLimitError with retryAfter in seconds', async () => {
    const err = await failure(json({ errors: [{ title: 'Too many requests' }] }, { status: 429, headers: { 'retry-after': '7' } }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(7);
  });

  test.each([400, 409, 500, 503])('%i is the base TelnyxApiError, code api_error', async (status) => {
    const err = await failure(new Response('upstream exploded', { status, statusText: 'Oops' }));
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(err).not.toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ name: 'TelnyxApiError', code: 'api_error', status, errors: [], body: 'upstream exploded', message: `GET /oauth_grants answered ${status} Oops` });
    expect(isTelnyxApiError(err)).toBe(true);
  });

  test('a 200 that is not JSON (baseUrl pointing at an HTML page) is invalid_response', async () => {
    const err = await failure(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(err).toMatchObject({ code: 'invalid_response', status: 200, body: '<!doctype html>' });
    expect((err as Error).message).toContain('text/html, not JSON; is "baseUrl" right?');
    expect((err as Error).cause).toBeInstanceOf(SyntaxError);
  });

  test('a single resource without its "data" envelope is invalid_response', async () => {
    const api = fakeApi().on('GET', '/oauth_grants/g1', json({ id: 'g1' }));
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthGrants.retrieve('g1').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TelnyxApiError', code: 'invalid_response', message: 'GET /oauth_grants/{id} answered 200 with "data" missing' });
  });
});

describe('connection failures', () => {
  test('fetch rejecting (offline, DNS, CORS) is an ApiConnectionError with the cause kept', async () => {
    const cause = new TypeError('Failed to fetch');
    let calls = 0;
    const telnyx = createTelnyxClient({ fetch: () => (calls++, Promise.reject(cause)) });
    const err = await telnyx.oauthGrants.revoke('g1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect(err).toBeInstanceOf(TelnyxApiError);
    expect(isApiConnectionError(err)).toBe(true);
    expect(err).toMatchObject({ name: 'ApiConnectionError', code: 'connection_failed', status: undefined, message: 'DELETE /oauth_grants/{id} got no answer' });
    expect((err as Error).cause).toBe(cause);
    expect(calls).toBe(1);
  });

  test('a LoginError about the network from login.fetch is a connection failure too', async () => {
    const cause = Object.assign(new Error('offline'), { name: 'LoginError', code: 'network' });
    const err = await createTelnyxClient({ fetch: () => Promise.reject(cause) }).oauth.jwks().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiConnectionError);
    expect((err as Error).cause).toBe(cause);
  });

  test('any other LoginError (login_required) passes through untouched: it already says what to do', async () => {
    const loginRequired = Object.assign(new Error('sign in first'), { name: 'LoginError', code: 'login_required' });
    await expect(createTelnyxClient({ fetch: () => Promise.reject(loginRequired) }).oauthGrants.listPage()).rejects.toBe(loginRequired);
  });

  test('an abort is the abort, not a connection failure', async () => {
    const controller = new AbortController();
    const api = fakeApi().on('GET', '/oauth_grants', (request) => {
      controller.abort();
      return Promise.reject(request.signal.reason ?? new DOMException('aborted', 'AbortError'));
    });
    const err = await createTelnyxClient({ fetch: api.fetch }).oauthGrants.listPage({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApiConnectionError);
    expect((err as Error).name).toBe('AbortError');
  });
});

describe('MissingParameterError', () => {
  test('is a TelnyxError (not an API error) naming every missing parameter', () => {
    const err = new MissingParameterError(['token'], 'introspect a token');
    expect(err).toBeInstanceOf(TelnyxError);
    expect(err).not.toBeInstanceOf(TelnyxApiError);
    expect(err).toMatchObject({ name: 'MissingParameterError', code: 'missing_parameter', parameters: ['token'], message: '"token" required to introspect a token' });
    expect(isMissingParameterError(err)).toBe(true);
    expect(isTelnyxError(err)).toBe(true);
    expect(isTelnyxApiError(err)).toBe(false);
  });
});

describe('type guards across realms', () => {
  // An error made in another realm (an iframe, a second copy of the module) fails instanceof.
  const foreign = (name: string, code: string) =>
    Object.assign(runInNewContext('new Error("from elsewhere")') as Error, { name, code });

  test.each([
    ['AuthenticationError', 'authentication_failed', isAuthenticationError, AuthenticationError],
    ['PermissionDeniedError', 'permission_denied', isPermissionDeniedError, PermissionDeniedError],
    ['NotFoundError', 'not_found', isNotFoundError, NotFoundError],
    ['UnprocessableEntityError', 'unprocessable_entity', isUnprocessableEntityError, UnprocessableEntityError],
    ['RateLimitError', 'rate_limited', isRateLimitError, RateLimitError],
    ['ApiConnectionError', 'connection_failed', isApiConnectionError, ApiConnectionError],
  ] as const)('%s from another realm: the guard says yes where instanceof says no', (name, code, guard, Class) => {
    const err = foreign(name, code);
    expect(err).not.toBeInstanceOf(Class);
    expect(guard(err)).toBe(true);
    expect(isTelnyxApiError(err)).toBe(true);
    expect(isTelnyxError(err)).toBe(true);
  });

  test('base classes and MissingParameterError from another realm', () => {
    expect(isTelnyxApiError(foreign('TelnyxApiError', 'api_error'))).toBe(true);
    expect(isTelnyxError(foreign('TelnyxError', 'api_error'))).toBe(true);
    expect(isMissingParameterError(foreign('MissingParameterError', 'missing_parameter'))).toBe(true);
  });

  test('lookalikes are refused: wrong code, no code, not an object', () => {
    expect(isNotFoundError(foreign('NotFoundError', 'rate_limited'))).toBe(false);
    expect(isTelnyxApiError(foreign('NotFoundError', 'rate_limited'))).toBe(false);
    expect(isTelnyxApiError({ name: 'TelnyxApiError' })).toBe(false);
    expect(isTelnyxError(new Error('plain'))).toBe(false);
    expect(isTelnyxError(null)).toBe(false);
    expect(isRateLimitError('RateLimitError')).toBe(false);
  });
});

describe('every class, made directly', () => {
  const guards = {
    isTelnyxError, isTelnyxApiError, isMissingParameterError, isInvalidParameterError, isAuthenticationError, isPermissionDeniedError,
    isNotFoundError, isUnprocessableEntityError, isRateLimitError, isApiConnectionError,
  };
  test.each([
    [new TelnyxError('api_error', 'm'), 'TelnyxError', 'api_error', ['isTelnyxError']],
    [new TelnyxApiError('m'), 'TelnyxApiError', 'api_error', ['isTelnyxError', 'isTelnyxApiError']],
    [new TelnyxApiError('m', {}, 'invalid_response'), 'TelnyxApiError', 'invalid_response', ['isTelnyxError', 'isTelnyxApiError']],
    [new MissingParameterError(['id'], 'x'), 'MissingParameterError', 'missing_parameter', ['isTelnyxError', 'isMissingParameterError']],
    [new InvalidParameterError('id', 'x'), 'InvalidParameterError', 'invalid_parameter', ['isTelnyxError', 'isInvalidParameterError']],
    [new AuthenticationError('m'), 'AuthenticationError', 'authentication_failed', ['isTelnyxError', 'isTelnyxApiError', 'isAuthenticationError']],
    [new PermissionDeniedError('m'), 'PermissionDeniedError', 'permission_denied', ['isTelnyxError', 'isTelnyxApiError', 'isPermissionDeniedError']],
    [new NotFoundError('m'), 'NotFoundError', 'not_found', ['isTelnyxError', 'isTelnyxApiError', 'isNotFoundError']],
    [new UnprocessableEntityError('m'), 'UnprocessableEntityError', 'unprocessable_entity', ['isTelnyxError', 'isTelnyxApiError', 'isUnprocessableEntityError']],
    [new RateLimitError('m'), 'RateLimitError', 'rate_limited', ['isTelnyxError', 'isTelnyxApiError', 'isRateLimitError']],
    [new ApiConnectionError('m'), 'ApiConnectionError', 'connection_failed', ['isTelnyxError', 'isTelnyxApiError', 'isApiConnectionError']],
  ] as const)('%o: its own name and code, and only its own guards say yes', (err, name, code, yes) => {
    expect(err).toMatchObject({ name, code });
    for (const [guard, check] of Object.entries(guards)) expect(check(err), guard).toBe((yes as readonly string[]).includes(guard));
    // The same, seen from another realm.
    const foreign = Object.assign(runInNewContext('new Error("from elsewhere")') as Error, { name, code });
    for (const [guard, check] of Object.entries(guards)) expect(check(foreign), `${guard}, foreign`).toBe((yes as readonly string[]).includes(guard));
  });

  test("a caller's own subclass is named as the class it extends, and passes its guards", () => {
    class Gone extends NotFoundError {}
    const err = new Gone('m');
    expect(err).toMatchObject({ name: 'NotFoundError', code: 'not_found', status: 404 });
    expect(isNotFoundError(err)).toBe(true);
    expect(isTelnyxApiError(err)).toBe(true);
  });
});
