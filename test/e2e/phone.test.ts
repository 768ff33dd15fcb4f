// The demo on a phone (375 px wide): no page scrolls sideways, the header's Sign out stays on screen, and a
// refused sign-in is said once, in words (the buttons do not repeat it; the server's text is under Details).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, loginButton, serverPages, signIn, startStack, type Stack } from './harness.js';
import { canEmulatePhone, selectedEngines } from './driver/index.js';

let stack: Stack;

describe.each(selectedEngines().filter(canEmulatePhone))('%s: the demo at 375 px', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());

  it('fits every page to the width, with Sign out on screen', async () => {
    const page = await (await stack.newContext()).newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    // Against the width without a scrollbar: Firefox draws one beside the content, Chromium headless does not.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${stack.appUrl}/`);
    await signIn(page, 'phone-user');
    await expectStatus(page, 'signed-in');
    for (const name of ['home', 'numbers', 'apps', 'console']) {
      await page.getByTestId(`nav-${name}`).click();
      expect(await overflow(), name).toBe(0);
      const right = await loginButton(page).evaluate((button) => button.getBoundingClientRect().right);
      expect(right, name).toBeLessThanOrEqual(375);
    }
  });

  it('says a refused sign-in once, in words', async () => {
    const page = await (await stack.newContext()).newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${stack.appUrl}/`);
    await expectStatus(page, 'signed-out');
    await loginButton(page).click();
    await serverPages(page, 'phone-deny', 'deny');
    await expectStatus(page, 'signed-out');
    expect(await page.getByTestId('error-title').textContent()).toBe('Access was not granted: the request was denied on the consent page.');
    expect(await page.getByTestId('error-message').isVisible()).toBe(false); // the server's text, under Details
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const shownByButtons = await page.evaluate(() =>
      [...document.querySelectorAll('telnyx-login-button')].filter((button) => {
        const part = button.shadowRoot?.querySelector<HTMLElement>('[part=error]');
        return part !== null && part !== undefined && !part.hidden && getComputedStyle(part).display !== 'none';
      }).length,
    );
    expect(shownByButtons).toBe(0);
  });
});
