// Starts what the browser scenarios need: the local Telnyx look-alike and its portal (free ports), the
// demo app's vite dev server (free port, registered as the demo origin) and one browser engine through
// the driver layer (./driver).
import { expect, onTestFinished } from 'vitest';
import { startServer } from '../../demo/server/index.js';
import { startDemoApp } from '../../demo/vite.js';
import { launch, type Browser, type Context, type ContextOptions, type EngineName, type Page } from './driver/index.js';
import { freePort } from './driver/processes.js';

export { freePort };
// The benchmarks launch Chromium with the same flags, through playwright-core directly.
export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from './driver/playwright.js';

export type AuthServer = Awaited<ReturnType<typeof startServer>>;

export interface Stack {
  auth: AuthServer;
  appUrl: string;
  browser: Browser;
  /** A fresh browser profile (fresh IndexedDB, no server or portal session), closed by close(). */
  newContext(options?: ContextOptions): Promise<Context>;
  close(): Promise<void>;
}

export async function startStack(engine: EngineName): Promise<Stack> {
  const appPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const auth = await startServer({ port: 0, demoOrigins: [appUrl], testRoutes: true, quiet: true });
  const app = await startDemoApp({ port: appPort, issuer: auth.issuer, resource: auth.resource, hmr: false, logLevel: 'error' });
  const browser = await launch(engine);
  return {
    auth,
    appUrl,
    browser,
    newContext: (options) => freshContext(browser, options),
    async close() {
      await Promise.allSettled([browser.close(), app.close(), auth.close()]);
    },
  };
}

/**
 * A fresh profile in `browser`, closed when the test that opened it ends: a WebKit profile is a browser of
 * its own (a WebKitWebDriver session), and a file's worth of them left open would hold gigabytes.
 */
export async function freshContext(browser: Browser, options?: ContextOptions): Promise<Context> {
  const context = await browser.newContext(options);
  onTestFinished(() => context.close());
  return context;
}

/** Counts as the server's test route reports them over HTTP, the way any runner would read them. */
export async function serverCounts(auth: AuthServer) {
  const response = await fetch(`${auth.url}/__test__/counts`);
  return (await response.json()) as ReturnType<AuthServer['counts']>;
}

export async function resetCounts(auth: AuthServer): Promise<void> {
  await fetch(`${auth.url}/__test__/reset`, { method: 'POST' });
}

/** Makes the server forget every dynamically registered client, as a restart of the in-memory server would. */
export async function forgetRegisteredClients(auth: AuthServer): Promise<string[]> {
  const response = await fetch(`${auth.url}/__test__/forget-clients`, { method: 'POST' });
  return ((await response.json()) as { forgotten: string[] }).forgotten;
}

/** Makes the demo API drop every connection unanswered (or answer again), as an unreachable host would. */
export async function setApiOffline(auth: AuthServer, offline: boolean): Promise<void> {
  await fetch(`${auth.url}/__test__/api-offline`, { method: 'POST', body: JSON.stringify({ offline }) });
}

/** Waits for the app to show a status (`signed-in`, `signed-out`, ...). */
export async function expectStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => page.getByTestId('status').textContent()).toBe(status);
}

/** The header's login button (sign in or sign out, whichever it offers): the inner <button> of its shadow root. */
export function loginButton(page: Page) {
  return page.getByTestId('login-button').getByRole('button');
}

/** The signed-out page's second login button, which has the `popup` attribute. */
export function popupButton(page: Page) {
  return page.getByTestId('popup-login-button').getByRole('button');
}

/**
 * Full sign-in: the app's button, then the portal (user name, Allow or Deny).
 * @returns the page, back in the app and signed in
 */
export async function signIn(page: Page, username: string, decision: 'allow' | 'deny' = 'allow'): Promise<void> {
  await expectStatus(page, 'signed-out');
  await loginButton(page).click();
  await serverPages(page, username, decision);
}

/**
 * The portal's pages, in whatever page shows them (the app's tab after a redirect, or the popup): its
 * sign-in (once per browser: the portal keeps its user) and the consent page's Allow or Deny. A portal
 * signed in as someone else is signed out first.
 */
export async function serverPages(page: Page, username: string, decision: 'allow' | 'deny' = 'allow'): Promise<void> {
  try {
    // The portal is one page: both are in it, one view shown at a time.
    const first = page.getByTestId('login-username').or(page.getByTestId('consent-allow')).filter({ visible: true });
    await first.waitFor();
    if ((await first.getAttribute('data-testid')) === 'consent-allow' && (await page.getByTestId('consent-user').textContent()) !== username) {
      await page.getByTestId('portal-sign-out').click();
    }
    if (await page.getByTestId('login-username').isVisible()) {
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-submit').click();
    }
    await page.getByTestId(decision === 'allow' ? 'consent-allow' : 'consent-deny').click();
  } catch (error) {
    // Say where the browser got stuck: the page's address and text beat a bare locator timeout.
    const text = await page.bodyText().catch(() => '(no body)');
    throw new Error(`sign-in stuck at ${await page.url().catch(() => '(closed)')}: ${text.slice(0, 500)}`, { cause: error });
  }
}

/** Opens the app in a new tab of `context` and waits until it has settled. */
export async function openApp(context: Context, url: string, status: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expectStatus(page, status);
  return page;
}

/** The access token's expiry as the app shows it (local-clock ms). */
export async function expiresAt(page: Page): Promise<number> {
  return Number(await page.getByTestId('expires-in').getAttribute('data-expires-at'));
}

/**
 * Waits until the access token is past its expiry for both the app and the server (whose `exp` is whole
 * seconds), so the next API call needs a new token.
 */
export async function waitPastExpiry(page: Page): Promise<void> {
  const wait = (await expiresAt(page)) + 1_100 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

/**
 * Everything the page's origin keeps: IndexedDB keys holding a value, per database/store; Web Storage
 * sizes; cookies.
 * Tokens live in IndexedDB only; after a sign-out or refusal no session key may remain anywhere.
 */
export function storedState(page: Page) {
  return page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const indexedDb: Record<string, string[]> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await request(indexedDB.open(name));
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        // A key whose value is undefined holds nothing (idb-keyval's update() cannot delete a key).
        indexedDb[`${name} / ${storeName}`] = keys.filter((_, i) => values[i] !== undefined).map(String).sort();
      }
      db.close();
    }
    return { indexedDb, localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookies: document.cookie };
  });
}

/** Every IndexedDB key the page's origin holds, flattened. */
export async function storedKeys(page: Page): Promise<string[]> {
  return Object.values((await storedState(page)).indexedDb).flat().sort();
}
