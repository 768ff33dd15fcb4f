import { describe, expect, test } from 'vitest';
import { isLoopback, parseUrl } from '../../src/shared/urls.js';

describe('parseUrl', () => {
  test('a string that is an absolute URL, or one relative to `base`', () => {
    expect(parseUrl('https://auth.localhost/v2')?.href).toBe('https://auth.localhost/v2');
    expect(parseUrl('/cb', 'https://app.localhost/x')?.href).toBe('https://app.localhost/cb');
    expect(parseUrl('/cb')).toBeUndefined();
  });

  test('a URL is copied, so the caller can change theirs without changing ours', () => {
    const given = new URL('https://api.telnyx.com/v2');
    const url = parseUrl(given);
    expect(url?.href).toBe(given.href);
    expect(url).not.toBe(given);
  });

  test.each([[42], [null], [{ href: 'https://auth.localhost' }]])('%o is not a URL', (value) => {
    expect(parseUrl(value)).toBeUndefined();
  });
});

describe('isLoopback', () => {
  test.each([
    ['http://localhost:4000/v2', true],
    ['http://127.0.0.1/', true],
    ['http://[::1]:8080/', true],
    ['http://localhost.example/', false],
    ['http://10.0.0.1/', false],
  ])('%s → %s', (url, loopback) => {
    expect(isLoopback(new URL(url))).toBe(loopback);
  });
});
