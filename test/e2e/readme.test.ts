// The README's first example, as a newcomer pastes it into a new app on a port of their own, with the
// package installed from the tarball `npm pack` makes (as the README's Use section says) and the four
// changes the README names for the local look-alike (host, allowInsecureLoopback, the demo client): it signs
// in through the portal, calls the API and signs out, with no uncaught error. The snippet is read from
// README.md, so the README cannot drift from what runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, pack } from '../../scripts/pack.js';
import { expectStatus, freePort, resetCounts, serverCounts, serverPages, startStack, type Stack } from './harness.js';

const root = join(import.meta.dirname, '../..');
let stack: Stack;
let app: ViteDevServer;
let appUrl: string;
let dir: string;

/** The README's first TypeScript block. */
function firstExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = /^## Use\n[\s\S]*?^```ts\n([\s\S]*?)^```$/m.exec(readme)?.[1];
  if (!code) throw new Error('README: no ```ts block under "## Use"');
  return code;
}

/** What the surrounding app would have: the elements and the render function the snippet uses. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>newcomer</title>
<button id="sign-in">Sign in</button> <button id="sign-out">Sign out</button>
<p data-testid="status">loading</p><pre data-testid="rendered"></pre>
<script>
  window.errors = [];
  addEventListener('error', (event) => errors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
</script>
<script type="module" src="/main.ts"></script>`;
const PRELUDE = `
const signInButton = document.getElementById('sign-in') as HTMLButtonElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;
function render(state: { status: string }, data?: unknown): void {
  document.querySelector('[data-testid="status"]')!.textContent = state.status;
  if (data !== undefined) document.querySelector('[data-testid="rendered"]')!.textContent = JSON.stringify(data);
}
`;

beforeAll(async () => {
  stack = await startStack();
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  // The README's Use section: npm pack in the clone, npm install <tarball> in the app.
  dir = mkdtempSync(join(tmpdir(), 'telnyx-login-newcomer-'));
  await installApp(join(dir, 'app'), await pack(dir));

  const code = firstExample()
    .replaceAll('https://api.telnyx.com', stack.auth.url)
    .replace('your-client-id', 'telnyx-login-demo')
    .replace(/^(\s*)apiOrigins:(.*)$/m, '$1apiOrigins:$2\n$1allowInsecureLoopback: true,');
  const [imports, ...rest] = code.split('\n\n');
  writeFileSync(join(dir, 'app', 'index.html'), PAGE);
  writeFileSync(join(dir, 'app', 'main.ts'), `${imports}\n${PRELUDE}\n${rest.join('\n\n')}`);
  // Vite is the root's, as any globally available dev server; everything the page imports resolves
  // from the app's own node_modules.
  app = await createServer({
    configFile: false,
    root: join(dir, 'app'),
    logLevel: 'error',
    server: { host: 'localhost', port, strictPort: true, hmr: false, fs: { allow: [join(dir, 'app')] } },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await app.listen();
}, 240_000);
afterAll(async () => {
  await app?.close();
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the README\'s first example, pasted into a new app', () => {
  it('signs in through the portal, calls the API and signs out, from the installed tarball against the local look-alike', async () => {
    // The SDK the page runs is the tarball's build, installed in the app, not the repository's src/.
    expect(await (await fetch(`${appUrl}/main.ts`)).text()).toContain('/node_modules/telnyx-login/dist/index.js');
    await resetCounts(stack.auth);
    const context = await stack.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    await expectStatus(page, 'signed-out');

    await page.locator('#sign-in').click();
    await serverPages(page, 'newcomer');
    await expectStatus(page, 'signed-in');
    expect(new URL(await page.url()).pathname).toBe('/numbers');
    await expect.poll(() => page.getByTestId('rendered').textContent()).toContain('"total_results"');

    await page.locator('#sign-out').click();
    await expectStatus(page, 'signed-out');
    await expect.poll(() => page.getByTestId('rendered').textContent()).toBe('{"revocation":"unsupported"}');
    expect(await page.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual([]);
    expect(await serverCounts(stack.auth)).toMatchObject({
      discovery: 1,
      authorize: 1,
      tokenByGrantType: { authorization_code: 1 },
      apiByResource: { phone_numbers: 1 },
    });
  });
});
