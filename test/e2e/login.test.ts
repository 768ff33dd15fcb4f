// The SDK in each browser engine against the local Telnyx look-alike, through the demo app and the portal.
// Every scenario asserts what the server counted: token requests (by grant type), discovery, API calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectStatus,
  loginButton,
  openApp,
  resetCounts,
  serverCounts,
  serverPages,
  signIn,
  startStack,
  storedKeys,
  storedState,
  waitPastExpiry,
  type Stack,
} from './harness.js';
import { PENDING, TOKENS } from '../../src/session/schema.js';
import { selectedEngines, type Page } from './driver/index.js';

let stack: Stack;
const LONG_TTL = 300;
/** What the demo asks for (demo/config.ts). */
const DEMO_SCOPE = 'numbers.read authentication_and_access.read account_management.write';

/** Signs in with tokens that expire `ttl` seconds after issue; later tokens (refreshes) live long. */
async function signInWithShortToken(page: Page, username: string, ttl = 3): Promise<void> {
  stack.auth.setAccessTokenTtl(ttl);
  await signIn(page, username);
  await expectStatus(page, 'signed-in');
  stack.auth.setAccessTokenTtl(LONG_TTL);
}

async function openGrants(page: Page): Promise<void> {
  await page.getByTestId('nav-apps').click();
  await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
}

describe.each(selectedEngines())('%s: telnyx-login against the local authorization server', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    stack.auth.setAccessTokenTtl(LONG_TTL);
    await resetCounts(stack.auth);
  });

  it('signs in, lists grants, refreshes once after expiry, signs out', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');

    await signInWithShortToken(page, 'scenario-one');
    expect(await page.getByTestId('scope').textContent()).toBe(DEMO_SCOPE);
    expect(new URL(await page.url()).search).toBe(''); // code, state and iss are gone from the address bar
    expect(await serverCounts(stack.auth)).toMatchObject({
      authorize: 1,
      discovery: 1,
      consent: { views: 1, allow: 1 },
      portal: { signIns: 1 },
      token: 1,
      tokenByGrantType: { authorization_code: 1 },
    });

    await openGrants(page);
    const grants = page.getByTestId('grant');
    await expect.poll(() => grants.count()).toBe(1);
    expect(await grants.first().getAttribute('data-client-id')).toBe('telnyx-login-demo');
    await expect.poll(() => grants.first().locator('td').first().textContent()).toBe('telnyx-login demotelnyx-login-demo'); // name, then id

    await waitPastExpiry(page);
    await page.getByTestId('load-grants').click();
    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(3);
    await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');

    // Telnyx has no revocation endpoint: signing out forgets the tokens and asks the server nothing.
    await loginButton(page).click();
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('user');
    expect(await storedKeys(page)).not.toContain(TOKENS.name);

    expect(await serverCounts(stack.auth)).toMatchObject({
      // discovery, authorize, the consent GET and POST, 2 token requests, 3 API calls (grants twice, clients for their names)
      requests: 9,
      discovery: 1,
      token: 2,
      tokenByGrantType: { authorization_code: 1, refresh_token: 1 },
      tokenErrors: {},
      api: 3,
      apiByStatus: { 200: 3 },
    });
  });

  it('is signed in again after a reload with no token or discovery request', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    await signIn(page, 'scenario-reload');
    await expectStatus(page, 'signed-in');
    await resetCounts(stack.auth);

    await page.reload();
    await expectStatus(page, 'signed-in');
    expect(await page.getByTestId('scope').textContent()).toBe(DEMO_SCOPE);
    await openGrants(page);

    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(2); // grants, and clients for their names
    expect(await serverCounts(stack.auth)).toMatchObject({ token: 0, discovery: 0, api: 2, apiByStatus: { 200: 2 } });
  });

  it('refreshes exactly once when two tabs call the API with an expired token at once', async () => {
    const context = await stack.newContext();
    const first = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    await signInWithShortToken(first, 'scenario-tabs');
    const second = await openApp(context, `${stack.appUrl}/`, 'signed-in');
    await waitPastExpiry(first);
    await resetCounts(stack.auth);

    await Promise.all([first.getByTestId('nav-apps').click(), second.getByTestId('nav-apps').click()]);
    for (const page of [first, second]) {
      await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
      await expectStatus(page, 'signed-in');
    }
    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(4); // per tab: grants, and clients for their names

    expect(await serverCounts(stack.auth)).toMatchObject({
      token: 1,
      tokenByGrantType: { refresh_token: 1 },
      tokenErrors: {},
      api: 4,
      apiByStatus: { 200: 4 },
      discovery: 0,
    });
  });

  it('signs out every tab when one tab signs out, with nothing stored, and tells the app the grant lives on at the server', async () => {
    const context = await stack.newContext();
    const first = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    await signIn(first, 'scenario-sign-out');
    await expectStatus(first, 'signed-in');
    const second = await openApp(context, `${stack.appUrl}/`, 'signed-in');
    await resetCounts(stack.auth);

    await loginButton(first).click();
    await expectStatus(first, 'signed-out');
    await expectStatus(second, 'signed-out');
    expect(await second.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('other_tab');
    expect(await first.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('user');
    // No RFC 7009 at Telnyx: the app is told the grant was not revoked at the server.
    await expect.poll(() => first.getByTestId('revocation').getAttribute('data-revocation')).toBe('unsupported');
    expect(await first.getByTestId('revocation').isVisible()).toBe(true);
    for (const page of [first, second]) expect(await storedKeys(page)).not.toContain(TOKENS.name);

    // And it stays signed out: a reload of the other tab finds no session.
    await second.reload();
    await expectStatus(second, 'signed-out');
    expect(await serverCounts(stack.auth)).toMatchObject({ requests: 0 });
  });

  it('shows access_denied after Deny on the consent page and keeps nothing', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    await signIn(page, 'scenario-deny', 'deny');

    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('access_denied');
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('error').isVisible()).toBe(true);
    expect(await page.getByTestId('error-server').textContent()).toContain('access_denied');
    expect(new URL(await page.url()).search).toBe('');

    const stored = await storedState(page);
    const keys = Object.values(stored.indexedDb).flat();
    expect(keys).not.toContain(TOKENS.name);
    expect(keys).not.toContain(PENDING.name);
    expect(stored).toMatchObject({ localStorage: 0, sessionStorage: 0, cookies: '' });

    expect(await serverCounts(stack.auth)).toMatchObject({ authorize: 1, consent: { views: 1, allow: 0, deny: 1 }, token: 0 });
  });

  it('ends in the signed-out state with a reason after its grant is revoked through the API', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    await signIn(page, 'scenario-revoke');
    await expectStatus(page, 'signed-in');
    await openGrants(page);
    await expect.poll(() => page.getByTestId('grant').locator('td').first().textContent()).toContain('telnyx-login demo');
    await resetCounts(stack.auth);

    await page.getByTestId('revoke-grant').click();
    await page.getByTestId('confirm-revoke').click();
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('invalid_grant');
    expect(await page.getByTestId('signed-out-notice').isVisible()).toBe(true);
    expect(await storedKeys(page)).not.toContain(TOKENS.name);

    // DELETE (200), the next GET (401: revoked token), one refresh refused with invalid_grant, no retry.
    expect(await serverCounts(stack.auth)).toMatchObject({
      api: 2,
      apiByStatus: { 200: 1, 401: 1 },
      token: 1,
      tokenByGrantType: { refresh_token: 1 },
      tokenErrors: { invalid_grant: 1 },
    });
  });

  it('drives <telnyx-login-button> through sign-in and sign-out: aria-busy while working, focus kept on its button', async () => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    const button = loginButton(page);
    // Every aria-busy value the inner <button> is given, in order. The header button signs in by popup
    // here (its `popup` attribute), so the page and its focus stay while the person signs in.
    await page.evaluate(() => {
      const host = document.querySelector('[data-testid="login-button"]')!;
      const inner = host.shadowRoot!.querySelector('button')!;
      const seen: (string | null)[] = [inner.getAttribute('aria-busy')];
      new MutationObserver(() => seen.push(inner.getAttribute('aria-busy'))).observe(inner, { attributeFilter: ['aria-busy'] });
      Object.assign(window, { ariaBusySeen: seen });
      host.setAttribute('popup', '');
    });
    /** Which element has focus: the host's test id and, inside its shadow root, the focused part. */
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        return `${active?.getAttribute('data-testid')} > ${active?.shadowRoot?.activeElement?.getAttribute('part')}`;
      });

    const popup = await page.waitForPopup(() => button.click());
    // While the person is on the server's pages: busy, signing in, and still focused.
    await expect.poll(() => button.getAttribute('aria-busy')).toBe('true');
    expect(await page.getByTestId('login-button').getAttribute('status')).toBe('signing-in');
    expect(await focused()).toBe('login-button > button');

    await serverPages(popup, 'button-user');
    await expect.poll(() => popup.isClosed()).toBe(true);
    await expectStatus(page, 'signed-in');
    await expect.poll(() => button.getAttribute('aria-busy')).toBe('false');
    expect(await button.textContent()).toBe('Sign out');
    expect(await focused()).toBe('login-button > button');

    // Enter reaches the button only if focus stayed on it.
    await page.keyboard.press('Enter');
    await expectStatus(page, 'signed-out');
    await expect.poll(() => button.getAttribute('aria-busy')).toBe('false');
    expect(await button.textContent()).toBe('Sign in');
    expect(await focused()).toBe('login-button > button');

    const seen = await page.evaluate(() => (window as unknown as { ariaBusySeen: string[] }).ariaBusySeen);
    expect(seen.filter((value, i) => value !== seen[i - 1])).toEqual(['false', 'true', 'false', 'true', 'false']);
    expect(await serverCounts(stack.auth)).toMatchObject({
      authorize: 1,
      portal: { signIns: 1 },
      consent: { views: 1, allow: 1 },
      token: 1,
      tokenByGrantType: { authorization_code: 1 },
      registration: 0,
    });
  });
});
