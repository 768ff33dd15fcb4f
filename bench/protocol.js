// Protocol cost, counted by the local Telnyx look-alike itself: requests for a cold sign-in (through its
// portal), for the callback, for a returning visit, and token requests when 100 callers need a token that
// has expired, in one tab and spread over 5 tabs. telnyx-login runs in real Chromium on a bench page
// (bench/pages).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../demo/server/index.js';
import { BENCH_DIR, ROOT_DIR, markdownTable, withTimeout } from './lib.js';
import { bundlePage, startPageServer } from './serve.js';
import { importTs } from './ts-loader.js';

// The e2e harness's helpers, imported rather than copied. Its vitest-based waits (expectStatus, signIn)
// only work inside vitest, so the bench waits with Playwright's own bounded waits; serverPages (the
// portal's sign-in and consent) is Playwright only.
const { CHROMIUM, launchChromium, loginButton, resetCounts, serverCounts, serverPages } = await importTs(
  pathToFileURL(join(ROOT_DIR, 'test/e2e/harness.ts')),
);

const CLIENT_ID = 'telnyx-login-demo';
/** One of Telnyx's 32 scopes, the one an app listing phone numbers asks for. */
const SCOPE = ['numbers.read'];
const LONG_TTL = 300;
const WAIT = 15_000;
/** Counters of the API origin by endpoint (demo/server/counters.js); the consent API is added apart. */
const ENDPOINTS = ['discovery', 'registration', 'authorize', 'token', 'jwks', 'introspection', 'api'];

/** GET /v2/oauth/consent/{token} and POST /v2/oauth/grants, whatever they answered. */
const consentCalls = ({ consent }) => consent.views + consent.allow + consent.deny + consent.refused;

/** Each key of `after` minus `before`, zeros left out. */
function delta(after, before) {
  return Object.fromEntries(Object.entries(after).flatMap(([key, n]) => (n - (before[key] ?? 0) ? [[key, n - (before[key] ?? 0)]] : [])));
}

/**
 * What the server counted between two readings: `total` is every request to the API origin except CORS
 * preflights (the server's own `requests`), split by endpoint (`other` for anything the split misses);
 * preflights and the portal origin's pages and sign-ins apart.
 */
function diff(after, before) {
  const byEndpoint = {};
  for (const key of ENDPOINTS) {
    const n = after[key] - before[key];
    if (n) byEndpoint[key] = n;
  }
  const consent = consentCalls(after) - consentCalls(before);
  if (consent) byEndpoint.consent = consent;
  const total = after.requests - before.requests;
  const other = total - Object.values(byEndpoint).reduce((a, b) => a + b, 0);
  if (other) byEndpoint.other = other;
  return {
    total,
    byEndpoint,
    preflights: after.preflights - before.preflights,
    portal: delta(after.portal, before.portal),
    tokenByGrantType: delta(after.tokenByGrantType, before.tokenByGrantType),
    tokenErrors: delta(after.tokenErrors, before.tokenErrors),
  };
}

/** Every request counted in a phase, on both origins. */
export const allRequests = (phase) => phase.total + phase.preflights + Object.values(phase.portal).reduce((a, b) => a + b, 0);

const waitForStatus = (page, status) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="status"]')?.textContent === s, status, { timeout: WAIT });

/** Requests any late async work could still make show up before the counters are read. */
const settle = (page) => page.waitForTimeout(500);

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
    config: () => ({ issuer, clientId: CLIENT_ID, scope: SCOPE }),
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
    await serverPages(page, username);
    await waitForStatus(page, 'signed-in');
    auth.setAccessTokenTtl(LONG_TTL);
    return page;
  };

  try {
    const result = { server: { issuer: auth.issuer, portal: auth.portalUrl, clientId: CLIENT_ID, scope: SCOPE }, phases: {} };

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
      const atPortal = await serverCounts(auth);
      await serverPages(page, 'bench-cold');
      await waitForStatus(page, 'signed-in');
      await settle(page);
      const signedIn = await serverCounts(auth);
      if (!beforeCallback) throw new Error('the callback page was never requested');
      result.phases.coldLoad = { what: 'first visit, signed out (page load only)', ...diff(loaded, start) };
      result.phases.coldSignIn = { what: 'cold sign-in: first visit, click, until the portal shows its sign-in page', ...diff(atPortal, start) };
      result.phases.portal = { what: 'the portal: user sign-in and consent, until it sends the browser back', ...diff(beforeCallback, atPortal) };
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
  returning: { max: 0, of: allRequests, label: '0 requests' },
  oneTab: { max: 1, of: (p) => p.byEndpoint.token ?? 0, label: '1 token request' },
  fiveTabs: { max: 1, of: (p) => p.byEndpoint.token ?? 0, label: '1 token request' },
};

const counted = (counts) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ');
const PORTAL_LABELS = { pages: 'pages', signIns: 'sign-ins' };
const portalCell = (portal) => Object.entries(portal).map(([k, n]) => `${PORTAL_LABELS[k] ?? k} ${n}`).join(', ') || '0';

export function protocolTable({ phases }) {
  const order = ['coldLoad', 'coldSignIn', 'portal', 'callback', 'returning', 'oneTab', 'fiveTabs'];
  return markdownTable(
    ['Phase (telnyx-login in Chromium)', 'API origin requests', 'Token requests', 'CORS preflights', 'Portal origin', 'Target'],
    order
      .filter((key) => phases[key])
      .map((key) => {
        const p = phases[key];
        const parts = counted(p.byEndpoint);
        const target = TARGETS[key];
        const value = target?.of(p);
        const verdict = target ? `${target.label}: ${value <= target.max ? 'met' : `missed by ${value - target.max}`}` : '';
        return [p.what, `${p.total}${parts ? ` (${parts})` : ''}`, String(p.byEndpoint.token ?? 0), String(p.preflights), portalCell(p.portal), verdict];
      }),
    ['l', 'r', 'r', 'r', 'l', 'l'],
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureProtocol();
  console.log(protocolTable(result));
  console.log(JSON.stringify(result, null, 2));
}
