// The README's examples as a newcomer pastes them into new apps on ports of their own, with the package
// installed from the tarball `npm pack` makes (as the README's Use section says) and only the changes the
// README names for the local look-alike (host, allowInsecureLoopback, the demo client telnyx-login-demo):
// the Use snippet, the login button's HTML and the React snippet under React 19 and React 18. Each signs in
// through the portal and signs out with no uncaught error. The snippets are read from README.md, so the
// README cannot drift from what runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApp, pack } from '../../scripts/pack.js';
import { expectStatus, freePort, resetCounts, serverCounts, serverPages, startStack, type Stack } from './harness.js';
import { selectedEngines, type Page } from './driver/index.js';

const root = join(import.meta.dirname, '../..');
const REACT_19 = JSON.parse(readFileSync(join(root, 'node_modules/react/package.json'), 'utf8')).version as string;
const REACT_18 = '18.3.1';
let stack: Stack;
let dir: string;
const servers: ViteDevServer[] = [];

/** The first ```lang block under the README heading `heading`. */
function snippet(heading: string, lang: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const code = new RegExp(`^${heading}\\n[\\s\\S]*?^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(readme)?.[1];
  if (!code) throw new Error(`README: no \`\`\`${lang} block under "${heading}"`);
  return code;
}

/** The changes the README's Use section names for `npm run demo`'s look-alike, and nothing else. */
function forLocalServer(code: string): string {
  return code
    .replaceAll('https://api.telnyx.com', stack.auth.url)
    .replace('your-client-id', 'telnyx-login-demo')
    .replace(/^(\s*)issuer:(.*)$/m, '$1issuer:$2\n$1allowInsecureLoopback: true,');
}

/** Every page records what a newcomer would see in the console as uncaught. */
const CATCH_ERRORS = `<script>
  window.errors = [];
  addEventListener('error', (event) => errors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
</script>`;

const uncaught = (page: Page) => page.evaluate(() => (window as unknown as { errors: string[] }).errors);

/**
 * A Vite dev server for the app at `appRoot`, on a free port. Vite is the root's, as any globally
 * installed dev server; everything the page imports resolves from the app's own node_modules.
 */
async function serve(appRoot: string, files: Record<string, string>, prebundle: string[] = []): Promise<string> {
  await mkdir(appRoot, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(appRoot, name), text);
  const port = await freePort();
  const server = await createServer({
    configFile: false,
    root: appRoot,
    logLevel: 'error',
    server: { host: 'localhost', port, strictPort: true, hmr: false, fs: { allow: [dir] } },
    // React ships CommonJS, which the browser needs converted; nothing else is pre-bundled.
    optimizeDeps: { noDiscovery: true, include: prebundle },
  });
  servers.push(server);
  await server.listen();
  return `http://localhost:${port}`;
}

beforeAll(async () => {
  // The README's Use section: npm pack in the clone, npm install <tarball> in the app.
  dir = mkdtempSync(join(tmpdir(), 'telnyx-login-newcomer-'));
  const packed = await pack(dir);
  await Promise.all([
    installApp(join(dir, 'app'), packed, [`react@${REACT_19}`, `react-dom@${REACT_19}`]),
    installApp(join(dir, 'app18'), packed, [`react@${REACT_18}`, `react-dom@${REACT_18}`]),
  ]);
}, 300_000);
afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The packed app is installed once; each engine gets its own server, portal and browser.
describe.each(selectedEngines())('%s', (engine) => {
  beforeAll(async () => {
    stack = await startStack(engine);
  });
  afterAll(() => stack?.close());

  describe('the README\'s first example, pasted into a new app', () => {
    /** What the surrounding app would have: the elements and the render function the snippet uses. */
    const PAGE = `<!doctype html><meta charset="utf-8"><title>newcomer</title>
<button id="sign-in">Sign in</button> <button id="sign-out">Sign out</button>
<p data-testid="status">loading</p><pre data-testid="rendered"></pre>
${CATCH_ERRORS}
<script type="module" src="/main.ts"></script>`;
    const PRELUDE = `
const signInButton = document.getElementById('sign-in') as HTMLButtonElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;
function render(state: { status: string }, data?: unknown): void {
  document.querySelector('[data-testid="status"]')!.textContent = state.status;
  if (data !== undefined) document.querySelector('[data-testid="rendered"]')!.textContent = JSON.stringify(data);
}
`;

    it('signs in through the portal, calls the API and signs out, from the installed tarball against the local look-alike', async () => {
      const [imports, ...rest] = forLocalServer(snippet('## Use', 'ts')).split('\n\n');
      const appUrl = await serve(join(dir, 'app', 'use'), { 'index.html': PAGE, 'main.ts': `${imports}\n${PRELUDE}\n${rest.join('\n\n')}` });
      // The SDK the page runs is the tarball's build, installed in the app, not the repository's src/.
      expect(await (await fetch(`${appUrl}/main.ts`)).text()).toContain('/node_modules/telnyx-login/dist/index.js');
      await resetCounts(stack.auth);
      const page = await (await stack.newContext()).newPage();
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
      expect(await uncaught(page)).toEqual([]);
      expect(await serverCounts(stack.auth)).toMatchObject({
        discovery: 1,
        authorize: 1,
        tokenByGrantType: { authorization_code: 1 },
        apiByResource: { phone_numbers: 1 },
      });
    });
  });

  describe('the README\'s login button, pasted into a new page', () => {
    it('signs in through the portal and back to return-to, then signs out, all through the one button', async () => {
      const html = forLocalServer(snippet('## Login button', 'html'));
      const appUrl = await serve(join(dir, 'app', 'button'), { 'index.html': `<!doctype html><meta charset="utf-8"><title>button</title>${CATCH_ERRORS}\n${html}` });
      const page = await (await stack.newContext()).newPage();
      await page.goto(`${appUrl}/`);
      const element = page.locator('telnyx-login-button');
      await expect.poll(() => element.getAttribute('status')).toBe('signed-out');
      expect(await element.getByRole('button').textContent()).toBe('Sign in with Telnyx');

      await element.getByRole('button').click();
      await serverPages(page, 'newcomer');
      await expect.poll(() => element.getAttribute('status')).toBe('signed-in');
      expect(new URL(await page.url()).pathname).toBe('/settings');
      expect(await element.getByRole('button').textContent()).toBe('Sign out');

      await element.getByRole('button').click();
      await expect.poll(() => element.getAttribute('status')).toBe('signed-out');
      expect(await uncaught(page)).toEqual([]);
    });
  });

  describe('the README\'s React example, pasted into a new app', () => {
    const PAGE = `<!doctype html><meta charset="utf-8"><title>react</title>${CATCH_ERRORS}
<div id="root"></div><script type="module" src="/main.tsx"></script>`;
    const REACT = ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime'];

    for (const [version, app] of [[REACT_19, 'app'], [REACT_18, 'app18']] as const) {
      it(`signs in and out with <LoginButton> in React ${version}`, async () => {
        const installed = JSON.parse(readFileSync(join(dir, app, 'node_modules/react/package.json'), 'utf8')).version;
        expect(installed).toBe(version);
        const appUrl = await serve(join(dir, app, 'react'), { 'index.html': PAGE, 'main.tsx': forLocalServer(snippet('## React', 'tsx')) }, REACT);
        const page = await (await stack.newContext()).newPage();
        await page.goto(`${appUrl}/`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await serverPages(page, `react-${version}`);

        const element = page.locator('telnyx-login-button');
        await expect.poll(() => element.getAttribute('status')).toBe('signed-in');
        expect(await page.locator('#root p').textContent()).toContain('Connected (numbers.read)');
        await element.getByRole('button').click();
        await expect.poll(() => page.locator('#root > button').textContent()).toBe('Sign in');
        expect(await uncaught(page)).toEqual([]);
      });
    }
  });
});
