import { describe, expect, it, vi } from 'vitest';
import { createLogin, dynamicRegistration, popupSignIn, resourceDiscovery, type LoginOptions } from '../../src/index.js';
import { thrown } from '../helpers/thrown.js';

const valid: LoginOptions = { issuer: 'https://auth.localhost/v2', clientId: 'c', redirectUri: 'https://app.localhost/callback' };

describe('createLogin() options', () => {
  it.each([
    [{ issuer: 'not a url' }, '"issuer" must be an absolute URL'],
    [{ issuer: 'http://auth.localhost.example/v2' }, '"issuer" must use https:'],
    [{ issuer: 'http://localhost:4010/v2' }, '"issuer" must use https:'],
    [{ issuer: 'http://auth.example.test/v2', allowInsecureLoopback: true }, '"issuer" must use https:'],
    [{ clientId: '' }, '"clientId" must be a non-empty string'],
    [{ redirectUri: '/callback' }, '"redirectUri" must be an absolute URL'],
    [{ redirectUri: 'https://app.localhost/cb#x' }, '"redirectUri" must not have a fragment'],
    [{ apiOrigins: ['https://api.localhost/v2'] }, '"apiOrigins" entries must be origins'],
    [{ refreshLeeway: -1 }, '"refreshLeeway" must be a non-negative finite number'],
    [{ storage: 'localStorage' as never }, '"storage" must be "indexeddb" or "memory"'],
    [{ storage: {} as never }, '"storage" must be "indexeddb" or "memory", or a Store'],
  ])('rejects %o with a TypeError naming the option', (override, message) => {
    expect(() => createLogin({ ...valid, ...override })).toThrow(TypeError);
    expect(() => createLogin({ ...valid, ...override })).toThrow(message);
  });

  it.each([
    [{ issuer: 42 as never }, 'ERR_INVALID_ARG_TYPE'],
    [{ issuer: 'not a url' }, 'ERR_INVALID_ARG_VALUE'],
    [{ clientId: '' }, 'ERR_INVALID_ARG_VALUE'],
    [{ fetch: 'nope' as never }, 'ERR_INVALID_ARG_TYPE'],
    [{ apiOrigins: 'https://api.localhost' as never }, 'ERR_INVALID_ARG_TYPE'],
    [{ allowedIssuers: ['http://evil.localhost.example'] }, 'ERR_INVALID_ARG_VALUE'],
    [{ allowedIssuers: ['https://other.localhost/v2'] }, 'ERR_INVALID_ARG_VALUE'],
    [{ storage: 'localStorage' as never }, 'ERR_INVALID_ARG_VALUE'],
    [{ storage: 42 as never }, 'ERR_INVALID_ARG_TYPE'],
    [{ storage: { get: async () => undefined, set: async () => {}, del: async () => {}, update: 'no' } as never }, 'ERR_INVALID_ARG_TYPE'],
  ])('marks %o as the caller\'s mistake: a TypeError with code %s, as oauth4webapi does', (override, code) => {
    let error: unknown;
    try {
      createLogin({ ...valid, ...override }).dispose();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code });
  });

  it('allows plain http only for a loopback issuer, and only when asked', () => {
    for (const issuer of ['http://localhost:4010/v2', 'http://127.0.0.1:4010/v2', 'http://[::1]:4010/v2']) {
      expect(() => createLogin({ ...valid, issuer, allowInsecureLoopback: true }).dispose()).not.toThrow();
    }
  });

  it('treats 0 as a value, not as unset', () => {
    expect(() => createLogin({ ...valid, refreshLeeway: 0, refreshRetries: 0, retryDelay: 0 }).dispose()).not.toThrow();
  });

  describe('features', () => {
    const zeroConfig: LoginOptions = { resource: 'https://api.localhost', registration: { client_name: 'x' }, redirectUri: valid.redirectUri };
    it.each([
      [{ features: undefined }, '"resource" without "issuer" needs the resourceDiscovery feature'],
      [{ features: [resourceDiscovery] }, '"registration" without "clientId" needs the dynamicRegistration feature'],
      [{ features: [dynamicRegistration] }, '"resource" without "issuer" needs the resourceDiscovery feature'],
      [{ features: [{ feature: 'resource-discovery' }] as never }, '"registration" without "clientId" needs the dynamicRegistration feature'],
      [{ features: [{}] as never }, '"features" entries must be popupSignIn, resourceDiscovery or dynamicRegistration'],
      [{ features: popupSignIn as never }, '"features" must be an array'],
    ])('zero-config with %o is refused with a TypeError naming what to import', (override, message) => {
      const error = thrown(() => createLogin({ ...zeroConfig, ...override }).dispose()) as TypeError & { code?: string };
      expect(error).toBeInstanceOf(TypeError);
      expect(error?.message).toContain(message);
      expect(error?.code).toMatch(/^ERR_INVALID_ARG_(TYPE|VALUE)$/);
    });

    it('zero-config with both features is accepted', () => {
      expect(() => createLogin({ ...zeroConfig, features: [resourceDiscovery, dynamicRegistration] }).dispose()).not.toThrow();
    });

    it('signIn({ popup: true }) without popupSignIn rejects with a TypeError naming it, opening nothing and leaving the state as it was', async () => {
      const opened: unknown[] = [];
      const openWindow = (...args: unknown[]) => {
        opened.push(args);
        return null;
      };
      const login = createLogin({ ...valid, environment: { openWindow } });
      await login.ready;
      const before = login.state;
      const error = (await login.signIn({ popup: true }).catch((err: unknown) => err)) as TypeError & { code?: string };
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain('signIn({ popup: true }) needs the popupSignIn feature');
      expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
      expect(opened).toEqual([]);
      expect(login.state).toBe(before);
      login.dispose();
    });
  });
});

describe('createLogin() refusals, each naming its option with the code of its kind of mistake', () => {
  it.each([
    [null, '"options" must be an object', 'ERR_INVALID_ARG_TYPE'],
    ['https://auth.localhost/v2', '"options" must be an object', 'ERR_INVALID_ARG_TYPE'],
  ])('createLogin(%o) → %s (%s)', (options, message, code) => {
    expect(() => createLogin(options as never)).toThrow(expect.objectContaining({ message, code }));
  });

  it.each([
    // A falsy value of the wrong kind is a mistake, not "unset": defaults apply to undefined only (?? not ||).
    [{ allowInsecureLoopback: 0 }, '"allowInsecureLoopback" must be a boolean', 'ERR_INVALID_ARG_TYPE'],
    [{ autoRefresh: 0 }, '"autoRefresh" must be a boolean', 'ERR_INVALID_ARG_TYPE'],
    [{ storage: '' }, '"storage" must be "indexeddb" or "memory"', 'ERR_INVALID_ARG_VALUE'],
    [{ fetch: false }, '"fetch" must be a function', 'ERR_INVALID_ARG_TYPE'],
    [{ navigate: 0 }, '"navigate" must be a function', 'ERR_INVALID_ARG_TYPE'],
    [{ navigate: 'https://auth.localhost/v2' }, '"navigate" must be a function', 'ERR_INVALID_ARG_TYPE'],
    [{ environment: 'page' }, '"environment" must be an object', 'ERR_INVALID_ARG_TYPE'],
    [{ issuer: undefined }, '"issuer" or "resource" must be given', 'ERR_INVALID_ARG_TYPE'],
    [{ issuer: 'http://auth.localhost.example/v2' }, '"issuer" must use https: (plain http: is allowed only for a loopback host with "allowInsecureLoopback"), got http://auth.localhost.example', 'ERR_INVALID_ARG_VALUE'],
    [{ issuer: 'ftp://localhost/v2', allowInsecureLoopback: true }, '"issuer" must use https:', 'ERR_INVALID_ARG_VALUE'],
    [{ resource: 'http://api.localhost.example/v2' }, '"resource" must use https:', 'ERR_INVALID_ARG_VALUE'],
    [{ resource: 42 }, '"resource" must be an absolute URL', 'ERR_INVALID_ARG_TYPE'],
    [{ allowedIssuers: 'https://auth.localhost/v2' }, '"allowedIssuers" must be an array', 'ERR_INVALID_ARG_TYPE'],
    [{ allowedIssuers: ['https://other.localhost/v2'] }, '"issuer" must be one of "allowedIssuers"', 'ERR_INVALID_ARG_VALUE'],
    [{ allowedIssuers: ['http://auth.localhost.example/v2'] }, '"allowedIssuers" must use https:', 'ERR_INVALID_ARG_VALUE'],
    [{ clientId: 42 }, '"clientId" must be a non-empty string', 'ERR_INVALID_ARG_TYPE'],
    [{ clientId: undefined }, '"clientId" must be a non-empty string (or give "registration" to register one)', 'ERR_INVALID_ARG_TYPE'],
    [{ clientId: undefined, registration: null }, '"registration" must be an object of RFC 7591 client metadata', 'ERR_INVALID_ARG_TYPE'],
    [{ clientId: undefined, registration: 'My app' }, '"registration" must be an object of RFC 7591 client metadata', 'ERR_INVALID_ARG_TYPE'],
    [{ redirectUri: 42 }, '"redirectUri" must be an absolute URL', 'ERR_INVALID_ARG_TYPE'],
    [{ redirectUri: '/callback' }, '"redirectUri" must be an absolute URL', 'ERR_INVALID_ARG_VALUE'],
    // Not a string nor a URL, though it reads as one: a Location, say.
    [{ redirectUri: { toString: () => 'https://app.localhost/callback' } }, '"redirectUri" must be an absolute URL', 'ERR_INVALID_ARG_TYPE'],
    [{ redirectUri: 'https://app.localhost/cb#x' }, '"redirectUri" must not have a fragment', 'ERR_INVALID_ARG_VALUE'],
    [{ scope: 42 }, '"scope" must be a string or a list of scopes', 'ERR_INVALID_ARG_TYPE'],
    [{ scope: ['numbers.read', 'a b'] }, '"scope" must be a string or a list of scopes', 'ERR_INVALID_ARG_VALUE'],
    [{ scope: ['numbers.read', ' '] }, '"scope" must be a string or a list of scopes', 'ERR_INVALID_ARG_VALUE'],
    [{ scope: [''] }, '"scope" must be a string or a list of scopes', 'ERR_INVALID_ARG_VALUE'],
    [{ scope: ['numbers.read', 7] }, '"scope" must be a string or a list of scopes', 'ERR_INVALID_ARG_VALUE'],
    [{ apiOrigins: 'https://api.localhost' }, '"apiOrigins" must be an array', 'ERR_INVALID_ARG_TYPE'],
    [{ apiOrigins: ['https://api.localhost/?v=2'] }, '"apiOrigins" entries must be origins, got https://api.localhost/?v=2', 'ERR_INVALID_ARG_VALUE'],
    [{ apiOrigins: ['https://api.localhost/#v2'] }, '"apiOrigins" entries must be origins, got https://api.localhost/#v2', 'ERR_INVALID_ARG_VALUE'],
    [{ refreshLeeway: Number.NaN }, '"refreshLeeway" must be a non-negative finite number', 'ERR_INVALID_ARG_VALUE'],
    [{ metadataTtl: Number.POSITIVE_INFINITY }, '"metadataTtl" must be a non-negative finite number', 'ERR_INVALID_ARG_VALUE'],
    [{ refreshRetries: -1 }, '"refreshRetries" must be a non-negative finite number', 'ERR_INVALID_ARG_VALUE'],
    [{ retryDelay: -0.5 }, '"retryDelay" must be a non-negative finite number', 'ERR_INVALID_ARG_VALUE'],
    [{ timeout: '30000' }, '"timeout" must be a non-negative finite number', 'ERR_INVALID_ARG_TYPE'],
  ])('%o → %s (%s)', (override, message, code) => {
    let error: unknown;
    try {
      createLogin({ ...valid, ...override } as LoginOptions).dispose();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code, message: expect.stringContaining(message) });
  });
});

describe('createLogin() defaults that depend on the page', () => {
  it('without a global fetch and no "fetch" option → a TypeError naming "fetch", not a crash', () => {
    vi.stubGlobal('fetch', undefined);
    try {
      expect(() => createLogin(valid)).toThrow(expect.objectContaining({ message: '"fetch" must be a function', code: 'ERR_INVALID_ARG_TYPE' }));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

