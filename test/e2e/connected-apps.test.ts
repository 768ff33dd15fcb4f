// The demo's connected-apps page, built on the typed Telnyx module (`telnyx-login/telnyx`) over
// login.fetch, in each engine against the demo API. Every step asserts the API requests the server counted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectStatus, openApp, resetCounts, serverCounts, setApiOffline, signIn, startStack, type Stack } from './harness.js';
import { selectedEngines, type Context, type Page } from './driver/index.js';

let stack: Stack;

/** Signs `username` in on `path` of the app in a fresh browser, and returns the signed-in page. */
async function signedIn(path: string, username: string): Promise<{ context: Context; page: Page }> {
  const context = await stack.newContext();
  const page = await openApp(context, `${stack.appUrl}${path}`, 'signed-out');
  await signIn(page, username);
  await expectStatus(page, 'signed-in');
  return { context, page };
}

async function openConnectedApps(page: Page): Promise<void> {
  await page.getByTestId('nav-apps').click();
  await expect.poll(() => page.getByTestId('api-result').getAttribute('data-status')).toBe('200');
}

/** The client IDs of the grants the page lists, in its order. */
const listedClients = (page: Page) =>
  page.getByTestId('grant').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.clientId));

describe.each(selectedEngines())('%s: connected apps through telnyx-login/telnyx', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());
  beforeEach(() => resetCounts(stack.auth)); // which also brings the API back online

  it('lists grants (paged) and clients, revokes another app, and says "already revoked" for a stale row', async () => {
    // One person, two apps: the zero-config app (registered on the fly) and the pre-registered demo client.
    const zero = await signedIn('/zero-config/', 'apps-user');
    const { context, page } = await signedIn('/', 'apps-user');
    await resetCounts(stack.auth);

    await openConnectedApps(page);
    await expect.poll(() => listedClients(page)).toHaveLength(2);
    const clients = await listedClients(page);
    expect(clients).toContain('telnyx-login-demo');
    const zeroClientId = clients.find((id) => id !== 'telnyx-login-demo')!;
    expect(await page.getByTestId('grants-meta').textContent()).toBe('Page 1 of 1 · 2 connected apps');
    expect(await page.getByTestId('api-result').textContent()).toBe('GET /oauth_grants?page[number]=1&page[size]=10 → 200, 2 connected apps');
    // The grants name client IDs only: the clients list, loaded with them, gives each app its name.
    await expect.poll(() => page.locator(`[data-testid="grant"][data-client-id="${zeroClientId}"] td`).first().textContent())
      .toBe(`telnyx-login demo (zero-config)${zeroClientId}`);
    expect(await serverCounts(stack.auth)).toMatchObject({ api: 2, apiByMethod: { GET: 2 }, apiByStatus: { 200: 2 }, token: 0 });

    // OAuth clients: the static demo client and the one zero-config registered, with its name.
    await page.getByTestId('load-clients').click();
    await expect.poll(() => page.getByTestId('client').count()).toBeGreaterThanOrEqual(2);
    const registered = page.locator(`[data-testid="client"][data-client-id="${zeroClientId}"]`);
    expect(await registered.locator('td').first().textContent()).toBe('telnyx-login demo (zero-config)');
    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(3);

    // Pages: page[size]=1 makes two pages of one grant each.
    await page.getByTestId('grants-page-size').selectOption('1');
    await expect.poll(() => page.getByTestId('grants-meta').textContent()).toBe('Page 1 of 2 · 2 connected apps');
    expect(await page.getByTestId('grants-prev').isDisabled()).toBe(true);
    const first = await listedClients(page);
    await page.getByTestId('grants-next').click();
    await expect.poll(() => page.getByTestId('grants-meta').textContent()).toBe('Page 2 of 2 · 2 connected apps');
    expect(await page.getByTestId('api-result').textContent()).toBe('GET /oauth_grants?page[number]=2&page[size]=1 → 200, 2 connected apps');
    expect(await page.getByTestId('grants-next').isDisabled()).toBe(true);
    expect([...first, ...(await listedClients(page))].sort()).toEqual([...clients].sort());
    await page.getByTestId('grants-page-size').selectOption('10');
    await expect.poll(() => page.getByTestId('grants-meta').textContent()).toBe('Page 1 of 1 · 2 connected apps');
    expect(await serverCounts(stack.auth)).toMatchObject({ api: 6, apiByMethod: { GET: 6 }, apiByStatus: { 200: 6 } });

    // A second tab loads the list too; it will go stale when the first tab revokes.
    const stale = await openApp(context, `${stack.appUrl}/apps`, 'signed-in');
    await expect.poll(() => listedClients(stale)).toHaveLength(2);
    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(8);
    await resetCounts(stack.auth);

    // Revoking asks for a second click, naming the app.
    const zeroRow = page.locator(`[data-testid="grant"][data-client-id="${zeroClientId}"]`);
    await zeroRow.getByTestId('revoke-grant').click();
    expect(await zeroRow.getByTestId('confirm-revoke').textContent()).toBe('Revoke telnyx-login demo (zero-config)');
    await zeroRow.getByTestId('keep-grant').click();
    await zeroRow.getByTestId('revoke-grant').click();
    await zeroRow.getByTestId('confirm-revoke').click();
    await expect.poll(() => listedClients(page)).toEqual(['telnyx-login-demo']);
    expect(await page.getByTestId('apps-notice').textContent()).toBe('Revoked telnyx-login demo (zero-config): it can no longer use your account.');
    expect(await page.getByTestId('grants-meta').textContent()).toBe('Page 1 of 1 · 1 connected app');
    await expectStatus(page, 'signed-in'); // another app's grant: this session goes on
    expect(await serverCounts(stack.auth)).toMatchObject({
      api: 2,
      apiByMethod: { DELETE: 1, GET: 1 },
      apiByStatus: { 200: 2 },
      token: 0,
    });

    // The stale tab revokes the same grant: 404 becomes NotFoundError, shown as "already revoked", not as an error.
    await resetCounts(stack.auth);
    await stale.locator(`[data-testid="grant"][data-client-id="${zeroClientId}"]`).getByTestId('revoke-grant').click();
    await stale.getByTestId('confirm-revoke').click();
    await expect.poll(() => listedClients(stale)).toEqual(['telnyx-login-demo']);
    expect(await stale.getByTestId('apps-notice').textContent()).toBe('telnyx-login demo (zero-config) was already revoked.');
    expect(await stale.getByTestId('error').isVisible()).toBe(false);
    expect(await serverCounts(stack.auth)).toMatchObject({
      api: 2,
      apiByMethod: { DELETE: 1, GET: 1 },
      apiByStatus: { 404: 1, 200: 1 },
    });

    // The revoked app finds out on its next API call: 401, one refresh refused, signed out with the reason.
    await resetCounts(stack.auth);
    await zero.page.getByTestId('nav-apps').click();
    await expectStatus(zero.page, 'signed-out');
    expect(await zero.page.getByTestId('signed-out-reason').getAttribute('data-reason')).toBe('invalid_grant');
    // The page shows why the session ended (the refresh's invalid_grant), not the API call's AuthenticationError.
    expect(await zero.page.getByTestId('error-code').textContent()).toBe('invalid_grant');
    await expect.poll(async () => (await serverCounts(stack.auth)).api).toBe(2); // grants, and clients for their names
    expect(await serverCounts(stack.auth)).toMatchObject({
      api: 2,
      apiByStatus: { 401: 2 },
      token: 1,
      tokenByGrantType: { refresh_token: 1 },
      tokenErrors: { invalid_grant: 1 },
    });
  });

  it('shows the typed error when the API is unreachable, and keeps the session', async () => {
    const { page } = await signedIn('/', 'offline-user');
    await openConnectedApps(page);
    await expect.poll(() => listedClients(page)).toEqual(['telnyx-login-demo']);

    // Nothing answers: ApiConnectionError (connection_failed) in words, and the session stays.
    await resetCounts(stack.auth);
    await setApiOffline(stack.auth, true);
    await page.getByTestId('load-grants').click();
    await expect.poll(() => page.getByTestId('error-code').textContent()).toBe('connection_failed');
    expect(await page.getByTestId('api-result').textContent()).toBe('GET /oauth_grants?page[number]=1&page[size]=10 → no answer, ApiConnectionError');
    expect(await page.getByTestId('error-title').textContent()).toBe('The API could not be reached. Check your connection and try again.');
    await expectStatus(page, 'signed-in');
    expect((await serverCounts(stack.auth)).api).toBe(0);

    // Back online, Reload clears the error.
    await setApiOffline(stack.auth, false);
    await page.getByTestId('load-grants').click();
    await expect.poll(() => page.getByTestId('error').isVisible()).toBe(false);
    expect(await serverCounts(stack.auth)).toMatchObject({ api: 1, apiByStatus: { 200: 1 } });
  });
});
