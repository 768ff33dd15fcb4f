// Chromium and Firefox through playwright-core: the driver API is Playwright's own, so this file only
// narrows it. Firefox goes over WebDriver BiDi (the `moz-firefox` channel) to Debian's firefox-esr.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as playwright from 'playwright-core';
import { ACTION_TIMEOUT, canRunWithout, type Browser, type Context, type ContextOptions, type EngineName, type Locator, type Page } from './types.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const LAUNCH_TIMEOUT = 60_000;

/** Debian's Chromium with the flags every browser run here uses (the e2e tests and the benchmarks). */
export function launchChromium(executablePath = CHROMIUM): Promise<playwright.Browser> {
  return playwright.chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT });
}

function launchFirefox(firefoxUserPrefs: Record<string, string | number | boolean> = {}): Promise<playwright.Browser> {
  return playwright.firefox.launch({ channel: 'moz-firefox', executablePath: FIREFOX, headless: true, timeout: LAUNCH_TIMEOUT, firefoxUserPrefs });
}

function wrapLocator(locator: playwright.Locator): Locator {
  const timeout = ACTION_TIMEOUT;
  return {
    getByTestId: (id) => wrapLocator(locator.getByTestId(id)),
    locator: (css) => wrapLocator(locator.locator(css)),
    getByRole: (role, options) => wrapLocator(locator.getByRole(role, options)),
    first: () => wrapLocator(locator.first()),
    or: (other) => wrapLocator(locator.or(unwrap(other))),
    filter: (options) => wrapLocator(locator.filter(options)),
    click: () => locator.click({ timeout }),
    fill: (value) => locator.fill(value, { timeout }),
    press: (key) => locator.press(key, { timeout }),
    selectOption: async (value) => void (await locator.selectOption(value, { timeout })),
    count: () => locator.count(),
    textContent: () => locator.textContent({ timeout }),
    getAttribute: (name) => locator.getAttribute(name, { timeout }),
    isVisible: () => locator.isVisible(),
    isDisabled: () => locator.isDisabled({ timeout }),
    waitFor: (options) => locator.waitFor({ timeout: options?.timeout ?? timeout }),
    evaluate: (fn) => locator.evaluate(fn, undefined, { timeout }),
    evaluateAll: (fn) => locator.evaluateAll(fn),
    [PLAYWRIGHT]: locator,
  } as Locator;
}

// The Playwright locator behind one of ours, for `or()`, which needs both sides in Playwright's terms.
const PLAYWRIGHT = Symbol('playwright locator');
const unwrap = (locator: Locator) => (locator as Locator & { [PLAYWRIGHT]: playwright.Locator })[PLAYWRIGHT];

function wrapPage(page: playwright.Page): Page {
  return {
    goto: async (url) => void (await page.goto(url)),
    url: async () => page.url(),
    reload: async () => void (await page.reload()),
    // Playwright's own overloads unbox handles; ours pass plain values only.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => page.evaluate(fn as () => R | Promise<R>, arg as undefined),
    getByTestId: (id) => wrapLocator(page.getByTestId(id)),
    locator: (css) => wrapLocator(page.locator(css)),
    getByRole: (role, options) => wrapLocator(page.getByRole(role, options)),
    keyboard: { press: (key) => page.keyboard.press(key) },
    async waitForPopup(action) {
      const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: ACTION_TIMEOUT }), action()]);
      return wrapPage(popup);
    },
    bodyText: () => page.locator('body').innerText({ timeout: 1_000 }),
    waitForTimeout: (ms) => page.waitForTimeout(ms),
    setViewportSize: (size) => page.setViewportSize(size),
    isClosed: async () => page.isClosed(),
    close: () => page.close(),
  };
}

function wrapContext(context: playwright.BrowserContext, onClose: () => Promise<void> = async () => {}): Context {
  return {
    newPage: async () => wrapPage(await context.newPage()),
    close: async () => {
      await context.close();
      await onClose();
    },
  };
}

/**
 * A profile that refuses IndexedDB, in a browser of its own (both settings are per browser):
 * - Firefox: a private window where IndexedDB is off, as every Firefox private window was up to 114
 *   (`InvalidStateError` on open);
 * - Chromium: site data blocked for `origin` ("Block cookies" for one site), which refuses IndexedDB
 *   (`UnknownError`) and leaves other origins, such as the authorization server's, their cookies.
 */
async function withoutIndexedDb(engine: Exclude<EngineName, 'webkit'>, origin: string | undefined): Promise<Context> {
  if (engine === 'firefox') {
    const browser = await launchFirefox({ 'browser.privatebrowsing.autostart': true, 'dom.indexedDB.privateBrowsing.enabled': false });
    return wrapContext(await browser.newContext(), () => browser.close());
  }
  if (origin === undefined) throw new Error('Chromium refuses IndexedDB per site: give the origin');
  const dir = await mkdtemp(join(tmpdir(), 'e2e-chromium-'));
  await mkdir(join(dir, 'Default'));
  const blocked = { cookies: { [`${new URL(origin).origin},*`]: { setting: 2 } } };
  await writeFile(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { content_settings: { exceptions: blocked } } }));
  const context = await playwright.chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT });
  return wrapContext(context, () => rm(dir, { recursive: true, force: true }));
}

/** Chromium or Firefox, launched once; each context is a fresh profile in it. */
export async function launchPlaywright(engine: Exclude<EngineName, 'webkit'>): Promise<Browser> {
  const browser = engine === 'chromium' ? await launchChromium() : await launchFirefox();
  const open = new Set<Context>();
  return {
    engine,
    version: browser.version(),
    async newContext(options: ContextOptions = {}) {
      const without = options.without ?? [];
      const unsupported = without.filter((feature) => !canRunWithout(engine, feature));
      if (unsupported.length > 0) throw new Error(`${engine} cannot be started without ${unsupported.join(', ')}`);
      const context = without.length > 0 ? await withoutIndexedDb(engine, options.origin) : wrapContext(await browser.newContext());
      open.add(context);
      return {
        newPage: () => context.newPage(),
        close: async () => {
          open.delete(context);
          await context.close();
        },
      };
    },
    async close() {
      await Promise.allSettled([...open].map((context) => context.close()));
      await browser.close();
    },
  };
}
