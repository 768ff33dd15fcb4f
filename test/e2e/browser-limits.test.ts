// What browsers take away from an SPA's sign-in, in each engine: IndexedDB refused (private windows,
// blocked site data), IndexedDB wiped while the person is at the authorization server (Safari's tracking
// prevention and private mode do this), and no Web Locks (Safari before 15.4). Each ends in a typed
// error or a working fallback, never in a half-signed-in app.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canRunWithout, selectedEngines, type Page } from './driver/index.js';
import {
  expectStatus,
  loginButton,
  openApp,
  popupButton,
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
import { LEASE, METADATA, PENDING } from '../../src/session/schema.js';

let stack: Stack;
const LONG_TTL = 300;

/** Deletes every IndexedDB database of the page's origin, as a browser clearing site data does. */
async function wipeIndexedDb(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      });
    }
  });
}

describe.each(selectedEngines())('%s: what browsers take away', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    stack.auth.setAccessTokenTtl(LONG_TTL);
    await resetCounts(stack.auth);
  });

  it('IndexedDB refused: a warning, a redirect sign-in refused with storage_unavailable before leaving, a popup sign-in that lasts as long as the page', async () => {
    const context = await stack.newContext({ without: ['indexedDB'], origin: stack.appUrl });
    const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    expect(await page.getByTestId('storage-warning').isVisible()).toBe(true);

    // By redirect, the sign-in could not be found when the person came back: it never starts.
    await loginButton(page).click();
    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('storage_unavailable');
    await expectStatus(page, 'signed-out');
    expect(await page.url()).toBe(`${stack.appUrl}/`);
    expect(await serverCounts(stack.auth)).toMatchObject({ authorize: 0, token: 0 });

    // In a popup the same page completes it, and the tokens live in memory.
    const popup = await page.waitForPopup(() => popupButton(page).click());
    await serverPages(popup, 'no-indexeddb');
    await expectStatus(page, 'signed-in');
    await page.getByTestId('nav-apps').click();
    await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
    expect(await serverCounts(stack.auth)).toMatchObject({ authorize: 1, token: 1, tokenByGrantType: { authorization_code: 1 } });

    // Nothing outlives the page.
    await page.reload();
    await expectStatus(page, 'signed-out');
  });

  it.each([
    ['a pre-registered client', '/'],
    ['zero-config', '/zero-config/'],
  ])('IndexedDB wiped between the redirect and the callback (%s): no_pending_sign_in, nothing stored, no code exchanged', async (_mode, path) => {
    const context = await stack.newContext();
    const page = await openApp(context, `${stack.appUrl}${path}`, 'signed-out');
    await loginButton(page).click();
    await page.getByTestId('login-username').waitFor();

    // While the person is at the server, the browser clears the app's site data.
    const other = await context.newPage();
    await other.goto(`${stack.appUrl}/style.css`); // the app's origin without the app (which would reopen its databases)
    expect(await storedKeys(other)).toContain(PENDING.name);
    await wipeIndexedDb(other);
    expect(await storedKeys(other)).toEqual([]);
    await other.close();

    await serverPages(page, 'wiped');
    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('no_pending_sign_in');
    await expectStatus(page, 'signed-out');
    expect(new URL(await page.url()).search).toBe(''); // the code left the address bar unused
    const stored = await storedState(page);
    // At most the server's public metadata, discovered again for the callback: no session, no sign-in, no client.
    expect(Object.values(stored.indexedDb).flat().filter((key) => key !== METADATA.name)).toEqual([]);
    expect(stored).toMatchObject({ localStorage: 0, sessionStorage: 0, cookies: '' });
    expect(await serverCounts(stack.auth)).toMatchObject({ authorize: 1, token: 0 });
  });

  it.runIf(canRunWithout(engine, 'webLocks'))('no Web Locks: two tabs with an expired token refresh once, through the IndexedDB lease', async () => {
    const context = await stack.newContext({ without: ['webLocks'] });
    const first = await openApp(context, `${stack.appUrl}/`, 'signed-out');
    expect(await first.evaluate(() => 'locks' in navigator)).toBe(false);
    stack.auth.setAccessTokenTtl(3);
    await signIn(first, 'no-web-locks');
    await expectStatus(first, 'signed-in');
    stack.auth.setAccessTokenTtl(LONG_TTL);
    const second = await openApp(context, `${stack.appUrl}/`, 'signed-in');
    await waitPastExpiry(first);
    await resetCounts(stack.auth);

    await Promise.all([first.getByTestId('nav-apps').click(), second.getByTestId('nav-apps').click()]);
    for (const page of [first, second]) {
      await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
      await expectStatus(page, 'signed-in');
    }
    expect(await serverCounts(stack.auth)).toMatchObject({ token: 1, tokenByGrantType: { refresh_token: 1 }, tokenErrors: {} });
    expect(await storedKeys(first)).not.toContain(LEASE.name); // released
  });
});
