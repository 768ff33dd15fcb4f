// A caller's mistake is a TypeError with a Node-style code, the same in the core and in telnyx.
import * as oauth from 'oauth4webapi';
import { describe, expect, test } from 'vitest';
import { createLogin } from '../../src/index.js';
import { argumentError, booleanOption, isArgumentError, nonNegative } from '../../src/shared/arguments.js';
import { createTelnyxClient } from '../../src/telnyx/index.js';
import { thrown } from '../helpers/thrown.js';


describe('argumentError / isArgumentError', () => {
  test('a TypeError with ERR_INVALID_ARG_VALUE unless told ERR_INVALID_ARG_TYPE', () => {
    expect(argumentError('"x" must be y')).toMatchObject({ name: 'TypeError', message: '"x" must be y', code: 'ERR_INVALID_ARG_VALUE' });
    expect(argumentError('"x" must be y', 'ERR_INVALID_ARG_TYPE')).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(argumentError('m')).toBeInstanceOf(TypeError);
  });

  test("ours and oauth4webapi's are argument errors", async () => {
    expect(isArgumentError(argumentError('m'))).toBe(true);
    const theirs = await oauth.discoveryRequest('https://auth.localhost' as never).catch((e: unknown) => e);
    expect(theirs).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(isArgumentError(theirs)).toBe(true);
  });

  test('what fetch throws offline (a bare TypeError) is not; nor is another error with such a code', () => {
    expect(isArgumentError(new TypeError('Failed to fetch'))).toBe(false);
    expect(isArgumentError(Object.assign(new TypeError('m'), { code: 'ERR_NETWORK' }))).toBe(false);
    expect(isArgumentError(Object.assign(new Error('m'), { code: 'ERR_INVALID_ARG_VALUE' }))).toBe(false);
    expect(isArgumentError({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' })).toBe(false);
  });
});

describe('nonNegative', () => {
  test('0 is a value, not "unset"; undefined takes the fallback', () => {
    expect(nonNegative(0, 'n', 500)).toBe(0);
    expect(nonNegative(undefined, 'n', 500)).toBe(500);
    expect(nonNegative(2.5, 'n', 500)).toBe(2.5);
  });

  test.each([
    [-1, 'ERR_INVALID_ARG_VALUE'],
    [Number.NaN, 'ERR_INVALID_ARG_VALUE'],
    [Number.POSITIVE_INFINITY, 'ERR_INVALID_ARG_VALUE'],
    ['5', 'ERR_INVALID_ARG_TYPE'],
    [true, 'ERR_INVALID_ARG_TYPE'],
  ])('%j is refused with %s, naming the option', (value, code) => {
    expect(thrown(() => nonNegative(value, 'timeout', 1))).toMatchObject({ code, message: '"timeout" must be a non-negative finite number' });
    expect(thrown(() => nonNegative(value, 'retry.maxDelay', 1, 'number of milliseconds'))).toMatchObject({
      message: '"retry.maxDelay" must be a non-negative number of milliseconds',
    });
  });
});

describe('booleanOption', () => {
  test('false is a value, not "unset"; undefined takes the fallback', () => {
    expect(booleanOption(false, 'b', true)).toBe(false);
    expect(booleanOption(true, 'b', false)).toBe(true);
    expect(booleanOption(undefined, 'b', true)).toBe(true);
  });

  test.each(['false', 0, 1])('%j is refused with ERR_INVALID_ARG_TYPE', (value) => {
    expect(thrown(() => booleanOption(value, 'autoRefresh', false))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE', message: '"autoRefresh" must be a boolean' });
  });
});

describe('createLogin and createTelnyxClient refuse the same mistakes the same way', () => {
  const login = { issuer: 'https://auth.localhost/v2', clientId: 'c', redirectUri: 'https://app.localhost/callback' };

  test.each([
    ['options an array', () => createLogin([] as never), () => createTelnyxClient([] as never), '"options" must be an object', 'ERR_INVALID_ARG_TYPE'],
    [
      'allowInsecureLoopback a string',
      () => createLogin({ ...login, allowInsecureLoopback: 'yes' as never }),
      () => createTelnyxClient({ allowInsecureLoopback: 'yes' as never }),
      '"allowInsecureLoopback" must be a boolean',
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a delay given as a string',
      () => createLogin({ ...login, retryDelay: '5' as never }),
      () => createTelnyxClient({ retry: { baseDelay: '5' as never } }),
      'must be a non-negative',
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a negative delay',
      () => createLogin({ ...login, retryDelay: -1 }),
      () => createTelnyxClient({ retry: { baseDelay: -1 } }),
      'must be a non-negative',
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('%s', (_name, core, telnyx, message, code) => {
    for (const attempt of [core, telnyx]) {
      const err = thrown(attempt);
      expect(isArgumentError(err)).toBe(true);
      expect(err).toMatchObject({ code, message: expect.stringContaining(message) });
    }
  });
});
