// Telnyx as it is deployed (issue 12): the scenarios its facts make matter, in a real browser against the
// local look-alike (root issuer, portal consent, no revocation endpoint, no OpenID, the 32 scopes, CORS
// permissive or strict), each asserting what the server counted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoApp } from '../../demo/vite.js';
import {
  expectStatus,
  freePort,
  loginButton,
  openApp,
  resetCounts,
  serverCounts,
  serverPages,
  signIn,
  startStack,
  storedKeys,
  waitPastExpiry,
  type Stack,
} from './harness.js';
import { TOKENS } from '../../src/session/schema.js';
import { selectedEngines, type Page } from './driver/index.js';

let stack: Stack;
const LONG_TTL = 1800;

async function signInWithShortToken(page: Page, username: string, ttl = 3): Promise<void> {
  stack.auth.configure({ accessTokenTtl: ttl });
  await signIn(page, username);
  await expectStatus(page, 'signed-in');
  stack.auth.configure({ accessTokenTtl: LONG_TTL });
}

/** `callers` concurrent getAccessToken() in the page, through the controller the demo exposes. */
const concurrentTokens = (page: Page, callers: number) =>
  page.evaluate(async (n) => {
    const login = (globalThis as unknown as { telnyxLogin: { getAccessToken(): Promise<string> } }).telnyxLogin;
    return new Set(await Promise.all(Array.from({ length: n }, () => login.getAccessToken()))).size;
  }, callers);

/** Opens the phone-numbers page (loaded with login.fetch), or switches it to the official client: one load each. */
async function showNumbers(page: Page, client: 'fetch' | 'telnyx'): Promise<void> {
  if (client === 'fetch') await page.getByTestId('nav-numbers').click();
  else await page.getByTestId('numbers-client').selectOption('telnyx');
  const label = client === 'fetch' ? 'login.fetch' : 'telnyx client';
  await expect.poll(() => page.getByTestId('numbers-result').textContent()).toMatch(new RegExp(`^${label}: `));
  expect(await page.getByTestId('numbers-result').getAttribute('data-status')).toBe('200');
  expect(await page.getByTestId('number').count()).toBe(20);
}

describe.each(selectedEngines())('%s', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    stack.auth.configure({ accessTokenTtl: LONG_TTL, rotateRefreshTokens: true, cors: 'permissive' });
    await resetCounts(stack.auth);
  });

  describe('Telnyx as deployed against the local look-alike', () => {
    it('refreshes twice with rotation off: the refresh token kept from sign-in works each time', async () => {
      stack.auth.configure({ rotateRefreshTokens: false });
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signInWithShortToken(page, 'rotation-off', 3);
      for (let round = 1; round <= 2; round++) {
        stack.auth.configure({ accessTokenTtl: 3 });
        await waitPastExpiry(page);
        expect(await concurrentTokens(page, 1)).toBe(1);
        await expect.poll(async () => (await serverCounts(stack.auth)).tokenByGrantType.refresh_token).toBe(round);
        await page.waitForTimeout(100); // the state shows the new expiry
      }
      stack.auth.configure({ accessTokenTtl: LONG_TTL });
      await showNumbers(page, 'fetch');
      expect(await serverCounts(stack.auth)).toMatchObject({
        tokenByGrantType: { authorization_code: 1, refresh_token: 2 },
        tokenErrors: {},
        apiByStatus: { 200: 1 },
      });
    });

    it('refreshes once for 2 tabs × 10 callers with rotation on, and both tabs keep the new session', async () => {
      const context = await stack.newContext();
      const first = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signInWithShortToken(first, 'rotation-on', 3);
      const second = await openApp(context, `${stack.appUrl}/`, 'signed-in');
      await waitPastExpiry(first);
      await resetCounts(stack.auth);

      const [a, b] = await Promise.all([concurrentTokens(first, 10), concurrentTokens(second, 10)]);
      expect([a, b]).toEqual([1, 1]); // every caller in a tab got the same token
      expect(await serverCounts(stack.auth)).toMatchObject({ token: 1, tokenByGrantType: { refresh_token: 1 }, tokenErrors: {} });
      await expectStatus(first, 'signed-in');
      await expectStatus(second, 'signed-in');
    });

    it('keeps the session through a 503 outage at the token endpoint, and refreshes once it is over', async () => {
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signInWithShortToken(page, 'outage', 3);
      await waitPastExpiry(page);
      await resetCounts(stack.auth);
      // The SDK tries a refresh 3 times (refreshRetries 2): all three meet the outage.
      await fetch(`${stack.auth.url}/__test__/fail-next`, { method: 'POST', body: JSON.stringify({ path: '/v2/oauth/token', status: 503, count: 3 }) });

      const error = await page.evaluate(() =>
        (globalThis as unknown as { telnyxLogin: { getAccessToken(): Promise<string> } }).telnyxLogin.getAccessToken().then(
          () => 'resolved',
          (err: { code?: string }) => err.code,
        ),
      );
      expect(error).toBe('server_error');
      await expectStatus(page, 'signed-in');
      expect(await storedKeys(page)).toContain(TOKENS.name);
      expect(await serverCounts(stack.auth)).toMatchObject({ token: 3, injected: { 'POST /v2/oauth/token': 3 } });

      expect(await concurrentTokens(page, 1)).toBe(1);
      expect(await serverCounts(stack.auth)).toMatchObject({ token: 4, tokenByGrantType: { refresh_token: 1 }, tokenErrors: {} });
    });

    it('ends the grant at the server through DELETE /v2/oauth_grants/{id}, then signs out', async () => {
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signIn(page, 'end-grant');
      await expectStatus(page, 'signed-in');
      await resetCounts(stack.auth);

      await page.getByTestId('end-grant').click();
      await expectStatus(page, 'signed-out');
      await expect.poll(() => page.getByTestId('revocation').textContent()).toContain('Ended 1 grant');
      expect(await serverCounts(stack.auth)).toMatchObject({ apiByMethod: { GET: 1, DELETE: 1 }, apiByStatus: { 200: 2 } });
    });

    it('refuses the retired admin scope: a typed invalid_scope, no consent, no token request', async () => {
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await page.getByTestId('scope-admin').click();
      await loginButton(page).click();
      await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('invalid_scope');
      await expectStatus(page, 'signed-out');
      expect(await storedKeys(page)).not.toContain(TOKENS.name);
      expect(await serverCounts(stack.auth)).toMatchObject({ authorize: 1, token: 0, consent: { views: 0, allow: 0, deny: 0 } });
    });

    it('calls GET /v2/phone_numbers with login.fetch and with the official telnyx client over login.fetch', async () => {
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signIn(page, 'numbers');
      await expectStatus(page, 'signed-in');
      await resetCounts(stack.auth);

      await showNumbers(page, 'fetch');
      await page.getByTestId('numbers-next').click();
      await expect.poll(() => page.getByTestId('numbers-meta').textContent()).toMatch(/^Page 2 of /);
      await showNumbers(page, 'telnyx');
      const counts = await serverCounts(stack.auth);
      expect(counts).toMatchObject({ apiByResource: { phone_numbers: 3 }, apiByStatus: { 200: 3 }, token: 0 });
      // The official client sends X-Stainless-* headers: the browser asked the server first (permissive CORS).
      expect(counts.preflights).toBeGreaterThan(0);
    });

    it('calls the API through a same-origin proxy when the server sends no CORS headers at all', async () => {
      stack.auth.configure({ cors: 'strict' });
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/proxy/`, 'signed-out');
      await loginButton(page).click();
      await serverPages(page, 'proxied');
      await expectStatus(page, 'signed-in');
      await showNumbers(page, 'fetch');
      expect(await serverCounts(stack.auth)).toMatchObject({
        discovery: 1,
        token: 1,
        tokenByGrantType: { authorization_code: 1 },
        apiByStatus: { 200: 1 },
      });

      // The same API called straight from the page, not through the proxy: the browser blocks it.
      const direct = await page.evaluate(
        (url) => fetch(url).then(() => 'answered', () => 'blocked'),
        `${stack.auth.url}/v2/phone_numbers`,
      );
      expect(direct).toBe('blocked');
    });
  });

  describe('zero-config against Telnyx-shaped metadata', () => {
    it.each(['root', 'mcp'] as const)('signs in knowing only the %s resource: RFC 9728 at the root, RFC 8707 resource as written', async (which) => {
      const resource = which === 'root' ? stack.auth.resource : stack.auth.mcpResource;
      // A second app on another loopback port, knowing only this resource: registration and CORS need no setup.
      const app = await startDemoApp({ port: await freePort(), issuer: stack.auth.issuer, resource, hmr: false, logLevel: 'error' });
      try {
        const context = await stack.newContext();
        const page = await openApp(context, `${app.url}/zero-config/`, 'signed-out');
        await loginButton(page).click();
        await serverPages(page, `zero-config-${which}`);
        await expectStatus(page, 'signed-in');
        const counts = await serverCounts(stack.auth);
        expect(counts).toMatchObject({
          registration: 1,
          token: 1,
          authorizeResource: { [resource]: 1 },
          tokenResource: { [resource]: 1 },
        });
        const prm = which === 'root' ? '/.well-known/oauth-protected-resource' : '/.well-known/oauth-protected-resource/v2/mcp';
        expect(counts.discoveryByPath).toEqual({ [prm]: 1, '/.well-known/oauth-authorization-server': 1 });
      } finally {
        await app.close();
      }
    });
  });

  describe('the developer console', () => {
    it('creates, refuses a bad scope (10027), edits and deletes an OAuth client through telnyx-login/telnyx', async () => {
      const context = await stack.newContext();
      const page = await openApp(context, `${stack.appUrl}/`, 'signed-out');
      await signIn(page, 'developer');
      await expectStatus(page, 'signed-in');
      await page.getByTestId('nav-console').click();
      await expect.poll(() => page.getByTestId('console-result').textContent()).toBe('Loaded');
      const ids = () => page.getByTestId('console-client').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.clientId));
      const before = await ids();
      await resetCounts(stack.auth);

      await page.getByTestId('client-name').fill('E2E app');
      await page.getByTestId('client-redirects').fill('http://localhost:9/callback');
      await page.getByTestId('client-submit').click();
      await expect.poll(async () => (await ids()).length).toBe(before.length + 1);
      const created = (await ids()).find((id) => !before.includes(id));
      const row = page.locator(`[data-client-id="${created}"]`);
      expect(await row.locator('td:nth-child(3)').textContent()).toBe('public');

      await row.getByTestId('edit-client').click();
      await page.getByTestId('client-scopes').fill('admin');
      await page.getByTestId('client-submit').click();
      await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('unprocessable_entity');
      await page.getByTestId('client-scopes').fill('numbers.read messaging.write');
      await page.getByTestId('client-name').fill('E2E app renamed');
      await page.getByTestId('client-submit').click();
      await expect.poll(() => page.getByTestId('console-result').textContent()).toBe('Saved E2E app renamed');
      expect(await row.locator('td:nth-child(4)').textContent()).toBe('numbers.read messaging.write');

      await row.getByTestId('delete-client').click();
      await row.getByTestId('confirm-delete').click();
      await expect.poll(ids).toEqual(before);
      expect(await serverCounts(stack.auth)).toMatchObject({
        apiByMethod: { POST: 1, PUT: 2, DELETE: 1 },
        apiByStatus: { 422: 1 },
      });
    });
  });
});
