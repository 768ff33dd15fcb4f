// Fault matrix, navigation: a returnTo that would leave the app's origin (open redirect after sign-in) is
// refused before anything is stored or any navigation happens.
import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';
import { APP, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, readSession, rejectionOf, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);

/** signIn({ returnTo }) from a signed-out page: refused, nothing pending, no navigation, only discovery sent. */
async function expectReturnToRefused(server: FakeServer, returnTo: string) {
  visit(`${APP}/settings`);
  const { login, navigations } = openApp(server);
  await login.ready;
  const error = expectLoginError(await rejectionOf(login.signIn({ returnTo })), 'invalid_return_to');
  expect(login.state).toMatchObject({ status: 'signed-out', error });
  expect(navigations).toEqual([]);
  expect((await readSession()).pending).toBeUndefined();
  expect(server.log.every((entry) => entry.url.includes('/.well-known/'))).toBe(true);
  expect(tokenRequests(server)).toBe(0);
  expectNoBearerOutsideApi(server);
}

describe('navigation faults', () => {
  it.each([
    ['a foreign absolute URL', 'https://evil.localhost/steal'],
    ['//evil.example (protocol-relative)', '//evil.example/steal'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['\\\\evil.example (backslashes, read as //)', '\\\\evil.example/steal'],
    ['a lookalike of the app origin (https://app.localhost.evil.localhost)', 'https://app.localhost.evil.localhost/'],
    ['the app host over http: (another origin)', 'http://app.localhost/settings'],
  ])('navigation: returnTo %s → invalid_return_to, signed-out, nothing pending, no navigation', (_name, returnTo) =>
    expectReturnToRefused(fakeServer(), returnTo));

  it('navigation: a refused returnTo while signed in → invalid_return_to, still signed in with the same tokens, nothing pending', async () => {
    const server = fakeServer();
    const { login, navigations } = await signedIn(server);
    const before = await readSession();
    const requests = server.log.length;
    const error = expectLoginError(await rejectionOf(login.signIn({ returnTo: '//evil.example' })), 'invalid_return_to');
    expect(login.state).toMatchObject({ status: 'signed-in', error });
    expect(navigations).toEqual([]);
    expect(await readSession()).toMatchObject({ tokens: before.tokens, pending: undefined });
    expect(server.log.length).toBe(requests);
    expect(await login.getAccessToken()).toBe(before.tokens?.accessToken);
  });

  it('navigation: a same-origin returnTo with path, query and fragment is kept exactly and restored after the callback', async () => {
    const server = fakeServer();
    visit(`${APP}/`);
    const first = openApp(server);
    await first.login.signIn({ returnTo: '/settings?tab=2#keys' });
    expect((await readSession()).pending).toMatchObject({ returnTo: '/settings?tab=2#keys' });
    visit(await server.authorize(first.navigations[0]!));
    const { login } = openApp(server);
    expect((await login.ready).status).toBe('signed-in');
    expect(window.location.href).toBe(`${APP}/settings?tab=2#keys`);
    expect(await readSession()).toMatchObject({ pending: undefined, tokens: { accessToken: expect.stringMatching(/^at-/) } });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });
});
