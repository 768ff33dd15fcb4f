// Fault matrix, navigation: a returnTo that would leave the app's origin (open redirect after sign-in) is
// refused before any request, anything stored or any navigation; one that stays on it is kept as an
// absolute URL of this origin, so no later reading can turn it into another host.
import { beforeEach, describe, expect, it } from 'vitest';
import { entries } from 'idb-keyval';
import { configDatabase } from '../../src/session/schema.js';
import { database } from '../helpers/storage.js';
import { freshIndexedDb, openApp, signedIn, visit } from '../helpers/app.js';
import { API, APP, fakeServer, type FakeServer } from '../helpers/fake-server.js';
import { expectLoginError, expectNoBearerOutsideApi, readSession, rejectionOf, tokenRequests } from './helpers.js';

beforeEach(freshIndexedDb);

/** signIn({ returnTo }) from a signed-out page: refused, no request, nothing pending or cached, no navigation. */
async function expectReturnToRefused(server: FakeServer, returnTo: string) {
  visit(`${APP}/settings`);
  const { login, navigations } = openApp(server);
  await login.ready;
  const error = expectLoginError(await rejectionOf(login.signIn({ returnTo })), 'invalid_return_to');
  expect(login.state).toMatchObject({ status: 'signed-out', error });
  expect(navigations).toEqual([]);
  expect(await readSession()).toMatchObject({ pending: undefined, metadata: undefined });
  expect(server.log).toEqual([]);
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
    expect((await readSession()).pending).toMatchObject({ returnTo: `${APP}/settings?tab=2#keys` });
    visit(await server.authorize(first.navigations[0]!));
    const { login } = openApp(server);
    expect((await login.ready).status).toBe('signed-in');
    expect(window.location.href).toBe(`${APP}/settings?tab=2#keys`);
    expect(await readSession()).toMatchObject({ pending: undefined, tokens: { accessToken: expect.stringMatching(/^at-/) } });
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it.each([
    ['/.//evil.example/x', `${APP}//evil.example/x`],
    ['/%2e//evil.example/x', `${APP}//evil.example/x`],
    ['/a/..//evil.example/x', `${APP}//evil.example/x`],
  ])('navigation: returnTo %s (a path that normalises to //host) → stored as the absolute same-origin %s, and the sign-in completes there', async (returnTo, landing) => {
    const server = fakeServer();
    visit(`${APP}/`);
    const first = openApp(server);
    await first.login.signIn({ returnTo });
    expect((await readSession()).pending).toMatchObject({ returnTo: landing });
    visit(await server.authorize(first.navigations[0]!));
    const { login } = openApp(server);
    const state = await login.ready;
    expect(state.status).toBe('signed-in');
    expect(state.error).toBeUndefined();
    expect(window.location.href).toBe(landing);
    expect(new URL(window.location.href).origin).toBe(APP);
    expect(tokenRequests(server, 'authorization_code')).toBe(1);
  });

  it('navigation: a refused returnTo on a zero-config page → invalid_return_to before discovery or registration: no request, nothing cached', async () => {
    const server = fakeServer();
    visit(`${APP}/settings`);
    const { login, navigations } = openApp(server, { issuer: undefined, clientId: undefined, resource: `${API}/v2`, registration: { client_name: 'My app' } });
    await login.ready;
    expectLoginError(await rejectionOf(login.signIn({ returnTo: 'https://evil.localhost/' })), 'invalid_return_to');
    expect(navigations).toEqual([]);
    expect(server.log).toEqual([]);
    expect(await entries(database(configDatabase({ resource: `${API}/v2` })))).toEqual([]);
  });
});
