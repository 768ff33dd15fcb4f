// Speed of a cached token read, in one Chromium page, in one run: telnyx-login getAccessToken() against
// auth0-spa-js getTokenSilently() (cache hit) and oidc-client-ts getUser() (stored user). Each SDK signs in
// through its own redirect flow first, so each reads a cache it filled itself. Reported as ratios to
// telnyx-login: absolute times on shared machines are noise.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../demo/server/index.js';
import { auth0Stub } from './auth0-stub.js';
import { BENCH_DIR, ROOT_DIR, markdownTable, median, withTimeout } from './lib.js';
import { bundlePage, startPageServer } from './serve.js';
import { importTs } from './ts-loader.js';

const { CHROMIUM, launchChromium, serverPages } = await importTs(pathToFileURL(join(ROOT_DIR, 'test/e2e/harness.ts')));

const CLIENT_ID = 'telnyx-login-demo';
const SCOPE = ['numbers.read'];
const AUTH0_MOUNT = '/auth0';
const WAIT = 15_000;
// Enough calls that even the fastest SDK's round spans many ticks of the page's clock (100 µs granularity
// without cross-origin isolation); still bounded: about a second in all on a slow machine.
export const ITERATIONS = 20_000;
export const ROUNDS = 7;
const OURS = 'telnyx-login getAccessToken()';

export async function measureSpeed({ chromiumPath = CHROMIUM, iterations = ITERATIONS, rounds = ROUNDS } = {}) {
  const script = await bundlePage(join(BENCH_DIR, 'pages/speed.ts'));
  let origin = '';
  let issuer = '';
  let metadata = {};
  const pages = await startPageServer({
    script,
    handle: auth0Stub({ origin: () => origin, mount: AUTH0_MOUNT, clientId: 'bench-auth0-client' }),
    config: () => ({ issuer, metadata, clientId: CLIENT_ID, scope: SCOPE, auth0Domain: `${origin}${AUTH0_MOUNT}`, auth0ClientId: 'bench-auth0-client' }),
  });
  origin = pages.origin;
  const auth = await startServer({ port: 0, demoOrigins: [origin], quiet: true, accessTokenTtl: 3600 });
  issuer = auth.issuer;
  const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
  if (!response.ok) throw new Error(`RFC 8414 metadata: HTTP ${response.status}`);
  metadata = await response.json();
  const browser = await launchChromium(chromiumPath);
  try {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT);
    const page = await context.newPage();
    const complete = async (sdk) => {
      const status = await withTimeout(page.evaluate((name) => window.bench.complete[name](), sdk), WAIT, `${sdk} callback`);
      if (status !== 'signed-in') throw new Error(`${sdk}: callback ended "${status}"`);
    };
    // Same tab throughout: oidc-client-ts keeps its user in sessionStorage, auth0-spa-js in page memory.
    for (const sdk of ['ours', 'oidc']) {
      await page.goto(`${origin}/`);
      await page.evaluate((name) => void window.bench.signIn[name](), sdk);
      // The portal asks for consent every time; its user signs in once (the second time it is kept).
      await serverPages(page, 'bench-speed');
      await page.waitForURL((url) => url.origin === origin && url.pathname === '/callback');
      await complete(sdk);
    }
    await page.goto(`${origin}/`);
    await page.evaluate(() => void window.bench.signIn.auth0());
    await page.waitForURL((url) => url.pathname === '/callback' && url.searchParams.has('code'));
    await complete('auth0');

    let requests = 0;
    page.on('request', () => (requests += 1));
    const raw = await withTimeout(page.evaluate(([n, r]) => window.bench.measure(n, r), [iterations, rounds]), 120_000, 'timing');
    const perCallMs = Object.fromEntries(Object.entries(raw.perCall).map(([name, values]) => [name, median(values)]));
    const ratio = Object.fromEntries(Object.entries(perCallMs).map(([name, ms]) => [name, Number((ms / perCallMs[OURS]).toFixed(2))]));
    return {
      method: `${rounds} rounds × ${iterations} sequential awaited calls per SDK in one page, order rotated per round, one warm-up round dropped; median per-call time`,
      seeding: {
        'telnyx-login': 'signed in against the local Telnyx look-alike (redirect, portal consent, code exchange); tokens in IndexedDB, read once by ready',
        'oidc-client-ts':
          'signed in against the local Telnyx look-alike (signinRedirect, portal consent, signinRedirectCallback) with its RFC 8414 metadata given ' +
          '(no OpenID discovery), scope without openid, no userinfo, so no ID token is expected; user in sessionStorage (its default)',
        'auth0-spa-js': 'loginWithRedirect + handleRedirectCallback against a minimal Auth0-shaped stub on the page origin (bench/auth0-stub.js); default memory cache',
      },
      tokenLengths: raw.tokenLengths,
      networkRequestsWhileTiming: requests,
      perCallMicroseconds: Object.fromEntries(Object.entries(perCallMs).map(([name, ms]) => [name, Number((ms * 1000).toFixed(2))])),
      rounds: raw.perCall,
      ratioToOurs: ratio,
    };
  } finally {
    await Promise.allSettled([browser.close(), auth.close(), pages.close()]);
  }
}

export function speedTable(result) {
  return markdownTable(
    ['Cached token read (same page, same run)', 'Time ÷ telnyx-login', 'Median per call (noise; for scale only)'],
    Object.keys(result.ratioToOurs).map((name) => [name, `${result.ratioToOurs[name].toFixed(2)}×`, `${result.perCallMicroseconds[name]} µs`]),
    ['l', 'r', 'r'],
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureSpeed();
  console.log(speedTable(result));
  console.log(JSON.stringify(result, null, 2));
}
