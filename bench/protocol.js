// Protocol cost, counted by the demo authorization server itself: requests for a cold sign-in, for the
// callback, for a returning visit, and token requests when 100 callers need a token that has expired, in
// one tab and spread over 5 tabs. telnyx-login runs in real Chromium on a bench page (bench/pages).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../demo/server/index.js';
import { BENCH_DIR, ROOT_DIR, markdownTable, withTimeout } from './lib.js';
import { bundlePage, startPageServer } from './serve.js';
import { importTs } from './ts-loader.js';

// The e2e harness's helpers, imported rather than copied. Its vitest-based waits (expectStatus, signIn)
// only work inside vitest, so the bench waits with Playwright's own bounded waits.
const { CHROMIUM, launchChromium, loginButton, resetCounts, serverCounts } = await importTs(pathToFileURL(join(ROOT_DIR, 'test/e2e/harness.ts')));

const CLIENT_ID = 'telnyx-login-demo';
const LONG_TTL = 300;
const WAIT = 15_000;
/** Endpoints the server counts; their sum is "requests" in the table. */
const COUNTED = ['discovery', 'registration', 'authorize', 'token', 'revocation', 'jwks', 'introspection', 'api'];

/** The counted endpoints of `after` minus `before`, zeros left out, plus their total and token grant types. */
function diff(after, before) {
  const byEndpoint = {};
  for (const key of COUNTED) {
    const n = after[key] - (before?.[key] ?? 0);
    if (n) byEndpoint[key] = n;
  }
  const tokenByGrantType = {};
  for (const [grant, n] of Object.entries(after.tokenByGrantType)) {
    const d = n - (before?.tokenByGrantType?.[grant] ?? 0);
    if (d) tokenByGrantType[grant] = d;
  }
  const tokenErrors = {};
  for (const [code, n] of Object.entries(after.tokenErrors)) {
    const d = n - (before?.tokenErrors?.[code] ?? 0);
    if (d) tokenErrors[code] = d;
  }
  const total = Object.values(byEndpoint).reduce((a, b) => a + b, 0);
  return { total, byEndpoint, tokenByGrantType, tokenErrors };
}

const waitForStatus = (page, status) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent === s, status, { timeout: WAIT });

/** Requests any late async work could still make show up before the counters are read. */
const settle = (page) => page.waitForTimeout(500);

/** Through the server's own pages: sign-in form, then consent. */
async function passServerPages(page, username) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('consent-allow').click();
}

/** Waits until the access token this page holds is past expiry for the SDK and for the server (whole seconds). */
async function waitPastExpiry(page) {
  const expiresAt = await page.evaluate(() => window.bench.expiresAt());
  if (typeof expiresAt !== 'number') throw new Error('the session has no expiry');
  const wait = expiresAt + 1_100 - Date.now();
  if (wait > 10_000) throw new Error(`token expires in ${wait} ms: too long to wait`);
  if (wait > 0) await page.waitForTimeout(wait);
}

export async function measureProtocol({ chromiumPath = CHROMIUM } = {}) {
  const script = await bundlePage(join(BENCH_DIR, 'pages/protocol.ts'));
  let issuer = '';
  let beforeCallback;
  const pages = await startPageServer({
    // Read the counters when the server sends the browser back, before the page (and the SDK) can load.
    handle: async (req) => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname === '/callback') beforeCallback = await serverCounts(auth);
      return false;
    },
    script,
    body: '<p>Status: <span data-testid="status">loading</span></p><telnyx-login-button data-testid="login-button"></telnyx-login-button>',
    config: () => ({ issuer, clientId: CLIENT_ID }),
  });
  const auth = await startServer({ port: 0, demoOrigins: [pages.origin], testRoutes: true, quiet: true, accessTokenTtl: LONG_TTL });
  issuer = auth.issuer;
  const browser = await launchChromium(chromiumPath);
  const newContext = async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT);
    return context;
  };
  const openSignedIn = async (context) => {
    const page = await context.newPage();
    await page.goto(`${pages.origin}/`);
    await waitForStatus(page, 'signed-in');
    return page;
  };
  /** A full sign-in with access tokens that live `ttl` seconds; tokens issued afterwards live long. */
  const signIn = async (context, username, ttl) => {
    auth.setAccessTokenTtl(ttl);
    const page = await context.newPage();
    await page.goto(`${pages.origin}/`);
    await waitForStatus(page, 'signed-out');
    await loginButton(page).click();
    await passServerPages(page, username);
    await waitForStatus(page, 'signed-in');
    auth.setAccessTokenTtl(LONG_TTL);
    return page;
  };

  try {
    const result = { server: { issuer: auth.issuer, clientId: CLIENT_ID }, phases: {} };

    // 1-2. Cold sign-in and callback, in a fresh profile (empty IndexedDB, no server session).
    {
      const context = await newContext();
      const page = await context.newPage();
      await resetCounts(auth);
      const start = await serverCounts(auth);
      await page.goto(`${pages.origin}/`);
      await waitForStatus(page, 'signed-out');
      await settle(page);
      const loaded = await serverCounts(auth);
      await loginButton(page).click();
      await page.getByTestId('login-username').waitFor({ timeout: WAIT });
      const atServer = await serverCounts(auth);
      await passServerPages(page, 'bench-cold');
      await waitForStatus(page, 'signed-in');
      await settle(page);
      const signedIn = await serverCounts(auth);
      if (!beforeCallback) throw new Error('the callback page was never requested');
      result.phases.coldLoad = { what: 'first visit, signed out (page load only)', ...diff(loaded, start) };
      result.phases.coldSignIn = { what: 'cold sign-in: first visit, click, until the server shows its sign-in page', ...diff(atServer, start) };
      result.phases.serverPages = { what: 'sign-in and consent pages (the user at the server)', ...diff(beforeCallback, atServer) };
      result.phases.callback = { what: 'callback: back at the app with ?code until signed in', ...diff(signedIn, beforeCallback) };

      // 3. Returning visit: a new tab of the same profile, session in IndexedDB, token still fresh.
      await page.close();
      const before = await serverCounts(auth);
      const again = await openSignedIn(context);
      await settle(again);
      result.phases.returning = { what: 'returning visit: new tab, stored session, fresh token', ...diff(await serverCounts(auth), before) };
      await context.close();
    }

    // 4. 100 callers in one tab, the access token expired.
    {
      const context = await newContext();
      const page = await signIn(context, 'bench-one-tab', 2);
      await waitPastExpiry(page);
      const before = await serverCounts(auth);
      const outcome = await withTimeout(page.evaluate(() => window.bench.callers(100)), WAIT, '100 callers');
      await settle(page);
      result.phases.oneTab = {
        what: '100 concurrent getAccessToken(), expired token, 1 tab',
        ...diff(await serverCounts(auth), before),
        callers: outcome,
      };
      await context.close();
    }

    // 5. 100 callers over 5 tabs (20 each) of one profile, all starting in the same event-loop turn.
    {
      const context = await newContext();
      const first = await signIn(context, 'bench-five-tabs', 3);
      const tabs = [first];
      for (let i = 1; i < 5; i++) tabs.push(await openSignedIn(context));
      await waitPastExpiry(first);
      for (const tab of tabs.slice(1)) await tab.evaluate(() => window.bench.arm(20));
      const before = await serverCounts(auth);
      await first.evaluate(() => window.bench.fire(20));
      const outcomes = await withTimeout(Promise.all(tabs.map((tab) => tab.evaluate(() => window.bench.result()))), WAIT, '5 tabs');
      await settle(first);
      const distinct = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.bench.login.getAccessToken())));
      result.phases.fiveTabs = {
        what: '100 concurrent getAccessToken() over 5 tabs (20 each), expired token',
        ...diff(await serverCounts(auth), before),
        callers: {
          callers: outcomes.reduce((n, o) => n + o.callers, 0),
          fulfilled: outcomes.reduce((n, o) => n + o.fulfilled, 0),
          errors: outcomes.flatMap((o) => o.errors),
          distinctTokensPerTab: outcomes.map((o) => o.distinctTokens),
          distinctTokensAcrossTabs: new Set(distinct).size,
        },
      };
      await context.close();
    }
    return result;
  } finally {
    await Promise.allSettled([browser.close(), auth.close(), pages.close()]);
  }
}

const TARGETS = {
  returning: { max: 0, of: 'total', label: '0 requests' },
  oneTab: { max: 1, of: 'token', label: '1 token request' },
  fiveTabs: { max: 1, of: 'token', label: '1 token request' },
};

export function protocolTable({ phases }) {
  const order = ['coldLoad', 'coldSignIn', 'serverPages', 'callback', 'returning', 'oneTab', 'fiveTabs'];
  return markdownTable(
    ['Phase (telnyx-login in Chromium)', 'Requests counted by the server', 'Token requests', 'Target'],
    order
      .filter((key) => phases[key])
      .map((key) => {
        const p = phases[key];
        const parts = Object.entries(p.byEndpoint).map(([k, n]) => `${k} ${n}`);
        const target = TARGETS[key];
        const value = target && (target.of === 'total' ? p.total : (p.byEndpoint.token ?? 0));
        const verdict = target ? `${target.label}: ${value <= target.max ? 'met' : `missed by ${value - target.max}`}` : '';
        return [p.what, `${p.total}${parts.length ? ` (${parts.join(', ')})` : ''}`, String(p.byEndpoint.token ?? 0), verdict];
      }),
    ['l', 'r', 'r', 'l'],
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureProtocol();
  console.log(protocolTable(result));
  console.log(JSON.stringify(result, null, 2));
}
