// Speed of a cached token read, in one Chromium page, in one run: telnyx-login getAccessToken() against
// auth0-spa-js getTokenSilently() (cache hit) and oidc-client-ts getUser() (stored user). Then a returning
// visit: the same page reloaded, each load timing one SDK from the page module's first statement to its
// signed-in answer from the session it stored. Each SDK signs in through its own redirect flow first, so
// each reads a cache it filled itself. Reported as ratios to telnyx-login: absolute times on shared machines
// are noise.
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
// Measured loads per SDK on a returning visit, after one warm-up load each: about 60 page loads in all.
export const RELOADS = 20;
// What each SDK runs on a returning visit (pages/speed.ts), by its ?returning= name.
const RETURNING = {
  ours: 'telnyx-login createLogin() + ready',
  oidc: 'oidc-client-ts new UserManager() + getUser()',
  auth0: 'auth0-spa-js createAuth0Client() + isAuthenticated()',
  floor: 'floor: idb-keyval createStore() + get() (IndexedDB open, one read)',
};

/**
 * Loads `/?returning=<sdk>` `reloads + 1` times per SDK (and the floor) in `page`, one per load, the order
 * rotated every round so drift hits all alike; the first round is a warm-up and is dropped. Also counts the requests
 * each SDK's loads made besides the page and its script (expected 0: every answer comes from storage).
 */
async function returningVisits(page, origin, reloads) {
  const sdks = Object.keys(RETURNING);
  const loads = Object.fromEntries(sdks.map((sdk) => [sdk, []]));
  const requests = Object.fromEntries(sdks.map((sdk) => [sdk, 0]));
  await page.evaluate(() => window.bench.seedFloor());
  let current = sdks[0];
  const count = (request) => {
    if (!request.isNavigationRequest() && new URL(request.url()).pathname !== '/app.js') requests[current] += 1;
  };
  page.on('request', count);
  try {
    for (let round = 0; round <= reloads; round++) {
      for (let k = 0; k < sdks.length; k++) {
        current = sdks[(round + k) % sdks.length];
        await page.goto(`${origin}/?returning=${current}`);
        const visit = await withTimeout(page.evaluate(() => window.bench.returning), WAIT, `${current} returning visit`);
        if (visit?.signedIn !== true) throw new Error(`${current}: not signed in on a returning visit`);
        if (round > 0) loads[current].push(visit);
      }
    }
  } finally {
    page.off('request', count);
  }
  return { loads, requests };
}

export async function measureSpeed({ chromiumPath = CHROMIUM, iterations = ITERATIONS, rounds = ROUNDS, reloads = RELOADS } = {}) {
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
    // `arg`: auth0-spa-js's cache location; the others take none.
    const signIn = (sdk, arg) => page.evaluate(([name, a]) => void window.bench.signIn[name](a), [sdk, arg]);
    const complete = async (sdk, arg) => {
      const status = await withTimeout(page.evaluate(([name, a]) => window.bench.complete[name](a), [sdk, arg]), WAIT, `${sdk} ${arg ?? ''} callback`);
      if (status !== 'signed-in') throw new Error(`${sdk} ${arg ?? ''}: callback ended "${status}"`);
    };
    // Same tab throughout: oidc-client-ts keeps its user in sessionStorage, auth0-spa-js in page memory (or
    // localStorage).
    for (const sdk of ['ours', 'oidc']) {
      await page.goto(`${origin}/`);
      await signIn(sdk);
      // The portal asks for consent every time; its user signs in once (the second time it is kept).
      await serverPages(page, 'bench-speed');
      await page.waitForURL((url) => url.origin === origin && url.pathname === '/callback');
      await complete(sdk);
    }
    // auth0-spa-js twice: 'localstorage' for the returning visit, then 'memory' (its default) for the cached
    // read, last, because a memory cache lives only as long as the page that completed the callback.
    for (const cacheLocation of ['localstorage', 'memory']) {
      await page.goto(`${origin}/`);
      await signIn('auth0', cacheLocation);
      await page.waitForURL((url) => url.pathname === '/callback' && url.searchParams.has('code'));
      await complete('auth0', cacheLocation);
    }

    let requests = 0;
    const count = () => (requests += 1);
    page.on('request', count);
    const raw = await withTimeout(page.evaluate(([n, r]) => window.bench.measure(n, r), [iterations, rounds]), 120_000, 'timing');
    page.off('request', count);
    const visits = await returningVisits(page, origin, reloads);
    const perCallMs = Object.fromEntries(Object.entries(raw.perCall).map(([name, values]) => [name, median(values)]));
    const ratio = Object.fromEntries(Object.entries(perCallMs).map(([name, ms]) => [name, Number((ms / perCallMs[OURS]).toFixed(2))]));
    return {
      method: `${rounds} rounds × ${iterations} sequential awaited calls per SDK in one page, order rotated per round, one warm-up round dropped; median per-call time`,
      seeding: {
        'telnyx-login': 'signed in against the local Telnyx look-alike (redirect, portal consent, code exchange); tokens in IndexedDB, read once by ready',
        'oidc-client-ts':
          'signed in against the local Telnyx look-alike (signinRedirect, portal consent, signinRedirectCallback) with its RFC 8414 metadata given ' +
          '(no OpenID discovery), scope without openid, no userinfo, so no ID token is expected; user in sessionStorage (its default)',
        'auth0-spa-js':
          'loginWithRedirect + handleRedirectCallback against a minimal Auth0-shaped stub on the page origin (bench/auth0-stub.js), twice: ' +
          "default memory cache for the cached read, cacheLocation 'localstorage' for the returning visit (a memory cache does not survive a reload)",
      },
      tokenLengths: raw.tokenLengths,
      networkRequestsWhileTiming: requests,
      perCallMicroseconds: Object.fromEntries(Object.entries(perCallMs).map(([name, ms]) => [name, Number((ms * 1000).toFixed(2))])),
      rounds: raw.perCall,
      ratioToOurs: ratio,
      returning: returningResult(visits, reloads),
    };
  } finally {
    await Promise.allSettled([browser.close(), auth.close(), pages.close()]);
  }
}

function returningResult({ loads, requests }, reloads) {
  const name = (sdk) => RETURNING[sdk];
  const medianMs = Object.fromEntries(Object.entries(loads).map(([sdk, visits]) => [name(sdk), median(visits.map((v) => v.ms))]));
  const ours = medianMs[name('ours')];
  const round = (ms) => Number(ms.toFixed(2));
  return {
    method:
      `${reloads} loads per SDK of the same page in the same tab (after one warm-up load each, dropped), one SDK per load, order rotated per round; ` +
      "median time from performance.now() at the page module's first statement (after the bundle's imports ran) to the SDK's signed-in answer",
    networkRequests: Object.fromEntries(Object.entries(requests).map(([sdk, n]) => [name(sdk), n])),
    medianMs: Object.fromEntries(Object.entries(medianMs).map(([n, ms]) => [n, round(ms)])),
    // Navigation start to the module's first statement (loading and evaluating the shared bundle): not in the times above.
    medianScriptStartMs: round(median(Object.values(loads).flat().map((v) => v.scriptStart))),
    loadsMs: Object.fromEntries(Object.entries(loads).map(([sdk, visits]) => [name(sdk), visits.map((v) => round(v.ms))])),
    ratioToOurs: Object.fromEntries(Object.entries(medianMs).map(([n, ms]) => [n, Number((ms / ours).toFixed(2))])),
  };
}

export function speedTable(result) {
  return markdownTable(
    ['Cached token read (same page, same run)', 'Time ÷ telnyx-login', 'Median per call (noise; for scale only)'],
    Object.keys(result.ratioToOurs).map((name) => [name, `${result.ratioToOurs[name].toFixed(2)}×`, `${result.perCallMicroseconds[name]} µs`]),
    ['l', 'r', 'r'],
  );
}

export function returningTable({ returning }) {
  return markdownTable(
    ['Returning visit: script start to signed-in (same page, same run)', 'Time ÷ telnyx-login', 'Median (noise; for scale only)'],
    Object.keys(returning.ratioToOurs).map((name) => [name, `${returning.ratioToOurs[name].toFixed(2)}×`, `${returning.medianMs[name]} ms`]),
    ['l', 'r', 'r'],
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureSpeed();
  console.log(speedTable(result));
  console.log(returningTable(result));
  console.log(JSON.stringify(result, null, 2));
}
