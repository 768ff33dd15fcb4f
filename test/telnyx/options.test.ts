import { describe, expect, test } from 'vitest';
import { createTelnyxClient, DEFAULT_BASE_URL } from '../../src/telnyx/index.js';
import { fakeApi, json } from './fake-api.js';

describe('createTelnyxClient options', () => {
  test.each([
    [{ fetch: 'nope' }, '"fetch" must be a function'],
    [{ baseUrl: '/v2' }, '"baseUrl" must be an absolute http(s) URL'],
    [{ baseUrl: 'ftp://api.telnyx.com/v2' }, '"baseUrl" must be an absolute http(s) URL'],
    [{ baseUrl: 'https://api.telnyx.com/v2?x=1' }, '"baseUrl" must not have a query or fragment'],
    [{ retry: true }, '"retry" must be an object or false'],
    [{ retry: { retries: -1 } }, '"retry.retries" must be a non-negative integer'],
    [{ retry: { retries: 1.5 } }, '"retry.retries" must be a non-negative integer'],
    [{ retry: { baseDelay: -1 } }, '"retry.baseDelay" must be a non-negative number of milliseconds'],
    [{ retry: { maxDelay: Number.NaN } }, '"retry.maxDelay" must be a non-negative number of milliseconds'],
    [{ getAccessToken: 'token' }, '"getAccessToken" must be a function'],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    const attempt = () => createTelnyxClient(options as never);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(message);
  });

  test('the TypeError carries a Node-style code: ARG_TYPE for a wrong kind, ARG_VALUE for a wrong value', () => {
    const codeOf = (options: object) => {
      try {
        createTelnyxClient(options as never);
      } catch (err) {
        return (err as { code?: string }).code;
      }
      return 'no error';
    };
    expect(codeOf({ fetch: 1 })).toBe('ERR_INVALID_ARG_TYPE');
    expect(codeOf({ baseUrl: 'relative' })).toBe('ERR_INVALID_ARG_VALUE');
    expect(codeOf({ retry: { retries: 0 } })).toBe('no error');
  });

  test('defaults to the Telnyx API', () => {
    expect(createTelnyxClient().baseUrl).toBe('https://api.telnyx.com/v2');
    expect(DEFAULT_BASE_URL).toBe('https://api.telnyx.com/v2');
  });

  test('a base URL given with a trailing slash (or as a URL) joins paths with one slash', async () => {
    const api = fakeApi('http://localhost:4000/v2').on('GET', '/oauth/jwks', json({ keys: [] }));
    const telnyx = createTelnyxClient({ fetch: api.fetch, baseUrl: new URL('http://localhost:4000/v2/') });
    expect(telnyx.baseUrl).toBe('http://localhost:4000/v2');
    await telnyx.oauth.jwks();
    expect(api.sent[0]?.url.href).toBe('http://localhost:4000/v2/oauth/jwks');
  });

  test('without a fetch option, the global fetch is looked up at call time', async () => {
    const api = fakeApi().on('GET', '/oauth/jwks', json({ keys: [] }));
    const telnyx = createTelnyxClient();
    const original = globalThis.fetch;
    globalThis.fetch = api.fetch;
    try {
      await expect(telnyx.oauth.jwks()).resolves.toEqual({ keys: [] });
    } finally {
      globalThis.fetch = original;
    }
    expect(api.sent).toHaveLength(1);
  });
});
