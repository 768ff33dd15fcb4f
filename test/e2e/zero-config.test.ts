// Zero-config mode (demo/zero-config/): the app knows only the API URL. In each engine against the local
// server: RFC 9728 discovery, RFC 7591 registration, RFC 8707 resource, sign-in by redirect and by popup.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectStatus,
  forgetRegisteredClients,
  openApp,
  popupButton,
  resetCounts,
  serverCounts,
  serverPages,
  signIn,
  startStack,
  storedKeys,
  waitPastExpiry,
  type Stack,
} from './harness.js';
import { PENDING, TOKENS } from '../../src/session/schema.js';
import { selectedEngines } from './driver/index.js';

let stack: Stack;
let zeroConfigUrl: string;
/** The API's resource (its origin): the one thing the zero-config page is told, and what its tokens are for. */
let api: string;

/** What a first sign-in from a fresh browser costs, wherever the portal is shown. */
function firstSignInCounts() {
  return {
    // Every request to the API origin but preflights: 2 metadata documents, registration, authorize,
    // the portal's consent GET and POST, 1 token request.
    requests: 7,
    // RFC 9728, then RFC 8414, both at the root (the resource and the issuer are the origin).
    discovery: 2,
    discoveryByPath: { '/.well-known/oauth-protected-resource': 1, '/.well-known/oauth-authorization-server': 1 },
    registration: 1,
    authorize: 1,
    authorizeResource: { [api]: 1 },
    portal: { pages: 1, signIns: 1 },
    consent: { views: 1, allow: 1, deny: 0, refused: 0 },
    token: 1,
    tokenByGrantType: { authorization_code: 1 },
    tokenResource: { [api]: 1 },
    tokenErrors: {},
  };
}

describe.each(selectedEngines())('%s: zero-config mode, only the API URL', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
    zeroConfigUrl = `${stack.appUrl}/zero-config/`;
    api = stack.auth.resource;
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    stack.auth.setAccessTokenTtl(300);
    await resetCounts(stack.auth);
  });

  it('discovers, registers once and signs in by redirect; a reload costs no request at all', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, zeroConfigUrl, 'signed-out');
    expect(await page.getByTestId('mode').textContent()).toContain('zero-config');
    // Loading the page asks the server nothing: discovery and registration wait for a sign-in.
    expect((await serverCounts(stack.auth)).requests).toBe(0);

    await signIn(page, 'zero-redirect');
    await expectStatus(page, 'signed-in');
    expect(await page.url()).toBe(zeroConfigUrl); // code, state and iss are gone; back where it started
    expect(await serverCounts(stack.auth)).toMatchObject(firstSignInCounts());

    // The token is for the API (RFC 8707 audience), which accepts it; the grant is the registered client's.
    await page.getByTestId('nav-apps').click();
    await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
    const grant = page.getByTestId('grant');
    await expect.poll(() => grant.count()).toBe(1);
    expect(await grant.getAttribute('data-client-id')).not.toBe('telnyx-login-demo');

    await page.getByTestId('nav-home').click();
    await expect.poll(() => page.url()).toBe(zeroConfigUrl);
    await resetCounts(stack.auth);
    await page.reload();
    await expectStatus(page, 'signed-in');
    // Metadata, the registered client and the tokens all come from IndexedDB.
    expect((await serverCounts(stack.auth)).requests).toBe(0);
  });

  it('signs in by popup: the popup closes, the opener is signed in, one code exchange', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, zeroConfigUrl, 'signed-out');

    const popup = await page.waitForPopup(() => popupButton(page).click());
    await serverPages(popup, 'zero-popup');
    await expect.poll(() => popup.isClosed()).toBe(true);

    await expectStatus(page, 'signed-in');
    expect(await page.url()).toBe(zeroConfigUrl); // the opener never navigated
    expect(await storedKeys(page)).toContain(TOKENS.name);
    expect(await serverCounts(stack.auth)).toMatchObject(firstSignInCounts());

    // Another tab of the app is signed in by the same session, asking nothing.
    await resetCounts(stack.auth);
    await openApp(context, zeroConfigUrl, 'signed-in');
    expect((await serverCounts(stack.auth)).requests).toBe(0);
  });

  it('reports popup_closed when the person closes the popup, and keeps nothing', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, zeroConfigUrl, 'signed-out');

    const popup = await page.waitForPopup(() => popupButton(page).click());
    await popup.getByTestId('login-username').waitFor(); // the portal's sign-in page
    await popup.close();

    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('popup_closed');
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('error-title').textContent()).toBe('The sign-in window was closed before sign-in finished.');
    const keys = await storedKeys(page);
    expect(keys).not.toContain(TOKENS.name);
    expect(keys).not.toContain(PENDING.name);
    // The client was registered and the authorization request sent; no code was ever exchanged.
    expect(await serverCounts(stack.auth)).toMatchObject({ registration: 1, authorize: 1, portal: { signIns: 0 }, consent: { views: 0 }, token: 0 });

    // Trying again from the same page works and reuses the registration.
    await resetCounts(stack.auth);
    const again = await page.waitForPopup(() => popupButton(page).click());
    await serverPages(again, 'zero-retry');
    await expectStatus(page, 'signed-in');
    expect(await page.getByTestId('error').isVisible()).toBe(false);
    expect(await serverCounts(stack.auth)).toMatchObject({ registration: 0, discovery: 0, token: 1, tokenByGrantType: { authorization_code: 1 } });
  });

  it('brings Deny in the popup back to the opener as access_denied', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, zeroConfigUrl, 'signed-out');

    const popup = await page.waitForPopup(() => popupButton(page).click());
    await serverPages(popup, 'zero-deny', 'deny');
    await expect.poll(() => popup.isClosed()).toBe(true);

    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('access_denied');
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('error-server').textContent()).toContain('access_denied');
    expect(await page.url()).toBe(zeroConfigUrl);
    const keys = await storedKeys(page);
    expect(keys).not.toContain(TOKENS.name);
    expect(keys).not.toContain(PENDING.name);
    expect(await serverCounts(stack.auth)).toMatchObject({ registration: 1, authorize: 1, portal: { signIns: 1 }, consent: { deny: 1 }, token: 0 });
  });

  it('registers again after the server forgot its client: invalid_client on refresh, then one new registration', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, zeroConfigUrl, 'signed-out');
    stack.auth.setAccessTokenTtl(3);
    await signIn(page, 'zero-forgotten');
    await expectStatus(page, 'signed-in');
    stack.auth.setAccessTokenTtl(300);
    expect(await forgetRegisteredClients(stack.auth)).not.toHaveLength(0);
    await waitPastExpiry(page);
    await resetCounts(stack.auth);

    // The next API call needs a refresh, which the server refuses for the unknown client.
    await page.getByTestId('nav-apps').click();
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('invalid_client');
    expect(await storedKeys(page)).not.toContain(TOKENS.name);
    expect(await serverCounts(stack.auth)).toMatchObject({ token: 1, tokenErrors: { invalid_client: 1 }, api: 0, registration: 0 });

    // Signing in again registers a new client (discovery stays cached) and works; the portal still
    // knows its user, so it asks only for consent.
    await resetCounts(stack.auth);
    await signIn(page, 'zero-forgotten');
    await expectStatus(page, 'signed-in');
    expect(await serverCounts(stack.auth)).toMatchObject({
      discovery: 0,
      registration: 1,
      authorize: 1,
      portal: { pages: 1, signIns: 0 },
      consent: { views: 1, allow: 1 },
      token: 1,
      tokenByGrantType: { authorization_code: 1 },
      tokenErrors: {},
    });
  });
});
