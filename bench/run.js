// npm run bench: bundle size, protocol cost and cached-read speed in one run. Writes bench/results.json,
// prints a markdown report, and with --update-readme rewrites the README's marked benchmark section.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { BENCH_DIR, ROOT_DIR, installedVersion, kb, ourVersion } from './lib.js';
import { allRequests, measureProtocol, protocolTable } from './protocol.js';
import { measureSize, sizeTable } from './size.js';
import { measureSpeed, returningTable, speedTable } from './speed.js';

const { values: args } = parseArgs({
  options: {
    'update-readme': { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

// The whole run must fit in five minutes; a stuck browser or server must not hold a terminal forever.
setTimeout(() => {
  console.error('bench: still running after 5 minutes, giving up');
  process.exit(1);
}, 5 * 60_000).unref();

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function gitRevision() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    return dirty ? `${rev} + uncommitted src changes` : rev;
  } catch {
    return 'unknown';
  }
}

async function chromiumVersion(executablePath) {
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox'], timeout: 30_000 });
  try {
    return browser.version();
  } finally {
    await browser.close();
  }
}

/** Target lines, each saying met or missed and by how much; size misses say where the bytes are. */
function targets(result) {
  const lines = [];
  const core = result.size.rows.find((row) => row.target !== undefined);
  const floor = result.size.rows.find((row) => row.floor);
  if (core?.gzip !== undefined && floor?.gzip !== undefined) {
    // This step's target, then the long-run goal.
    for (const limit of [core.target, core.goal]) {
      const over = core.gzip - limit;
      lines.push(
        over <= 0
          ? `Core at most ${kb(limit)} gzip: met (${kb(core.gzip)}).`
          : `Core at most ${kb(limit)} gzip: missed by ${over.toLocaleString('en')} B (${kb(core.gzip)}). The floor alone (the oauth4webapi ` +
              `exports the SDK calls + idb-keyval) is ${kb(floor.gzip)}, which leaves ${kb(limit - floor.gzip)} for everything ` +
              `the SDK adds; its own code adds ${kb(core.gzip - floor.gzip)}.`,
      );
    }
    const anchors = result.size.rows.filter((row) => !row.floor && row.package !== 'telnyx-login' && row.gzip !== undefined);
    const smaller = anchors.filter((row) => row.gzip < core.gzip);
    lines.push(
      smaller.length === 0
        ? 'Core is smaller than every anchor SDK.'
        : `Core is larger than: ${smaller.map((row) => `${row.name} (${kb(row.gzip)})`).join(', ')}; smaller than the other ${anchors.length - smaller.length}.`,
    );
  }
  const { phases } = result.protocol;
  const check = (label, value, max) => `${label}: ${value <= max ? 'met' : `missed by ${value - max}`} (${value}).`;
  if (phases.oneTab) lines.push(check('1 token request for 100 callers in one tab', phases.oneTab.byEndpoint.token ?? 0, 1));
  if (phases.fiveTabs) lines.push(check('1 token request for 100 callers over 5 tabs', phases.fiveTabs.byEndpoint.token ?? 0, 1));
  if (phases.returning) lines.push(check('0 requests on a returning visit', allRequests(phases.returning), 0));
  if (result.size.floorDrift.missingFromFloor.length || result.size.floorDrift.unusedInFloor.length) {
    lines.push(`Floor drift: src uses ${JSON.stringify(result.size.floorDrift.missingFromFloor)} not in bench/usage/floor.js; floor has ${JSON.stringify(result.size.floorDrift.unusedInFloor)} that src no longer uses.`);
  }
  return lines;
}

function report(result) {
  const env = result.environment;
  return [
    `Measured ${result.date} with \`npm run bench\`: Node ${env.node}, Chromium ${env.chromium}, esbuild ${env.esbuild}, ` +
      `telnyx-login ${env.telnyxLogin} (${env.revision}). Raw numbers: \`bench/results.json\`.`,
    '',
    `**Bundle size.** A typical usage of each SDK (\`bench/usage/\`: configure, handle the callback, sign in, get a token, call an API, sign out), ` +
      'bundled with one configuration: esbuild `--bundle --minify --format=esm --platform=browser`, React external everywhere; gzip level 9.',
    '',
    sizeTable(result.size),
    '',
    `**Protocol cost.** telnyx-login (scope \`${result.protocol.server.scope.join(' ')}\`) in Chromium against the local Telnyx look-alike ` +
      '(`demo/server`: root issuer, consent in a portal on a second origin), requests as the server counts them on each origin. ' +
      'The portal row is the portal page talking to the consent API, not the SDK.',
    '',
    protocolTable(result.protocol),
    '',
    `**Cached token read.** ${result.speed.method}. Each SDK signed in with its own redirect flow first and read its own cache ` +
      `(${result.speed.networkRequestsWhileTiming} network requests while timing). telnyx-login and oidc-client-ts sign in against the local ` +
      "Telnyx look-alike; oidc-client-ts is given the server's RFC 8414 metadata (there is no OpenID discovery document), a scope without " +
      '`openid` and no userinfo, so it runs plain OAuth and expects no ID token. auth0-spa-js cannot complete a login there (it derives ' +
      "Auth0's endpoint paths from its domain and requires an ID token, which Telnyx does not issue), so it signs in against a minimal " +
      'Auth0-shaped stub (`bench/auth0-stub.js`).',
    '',
    speedTable(result.speed),
    '',
    `**Returning visit.** ${result.speed.returning.method} ` +
      `(${Object.values(result.speed.returning.networkRequests).reduce((a, b) => a + b, 0)} network requests besides the page and its script). ` +
      'Each SDK answers from the session its sign-in above stored: telnyx-login from IndexedDB, oidc-client-ts from sessionStorage (its ' +
      "default), auth0-spa-js from localStorage (`cacheLocation: 'localstorage'`: its default memory cache does not survive a reload). " +
      'The floor opens an IndexedDB database and reads one record with idb-keyval and does nothing else. Loading and evaluating the ' +
      `page's bundle, the same for all, comes before the clock starts (median ${result.speed.returning.medianScriptStartMs} ms after navigation start).`,
    '',
    returningTable(result.speed),
    '',
    '**Targets.**',
    '',
    ...targets(result).map((line) => `- ${line}`),
  ].join('\n');
}

function updateReadme(markdown) {
  const path = join(ROOT_DIR, 'README.md');
  const readme = readFileSync(path, 'utf8');
  const section = `${START}\n${markdown}\n${END}`;
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  const next =
    start !== -1 && end > start
      ? `${readme.slice(0, start)}${section}${readme.slice(end + END.length)}`
      : `${readme.replace(/\s*$/, '')}\n\n## Benchmarks\n\n${section}\n`;
  writeFileSync(path, next);
}

const size = await measureSize();
console.error('bench: size done');
const protocol = await measureProtocol({ chromiumPath: args.chromium });
console.error('bench: protocol done');
const speed = await measureSpeed({ chromiumPath: args.chromium });
console.error('bench: speed done');

const result = {
  date: new Date().toISOString().slice(0, 10),
  environment: {
    node: process.version,
    chromium: await chromiumVersion(args.chromium),
    esbuild: installedVersion('esbuild'),
    telnyxLogin: ourVersion(),
    revision: gitRevision(),
    packages: Object.fromEntries(
      ['@auth0/auth0-spa-js', 'oidc-client-ts', '@azure/msal-browser', '@okta/okta-auth-js', 'keycloak-js', '@openid/appauth', 'oauth4webapi', 'idb-keyval'].map(
        (name) => [name, installedVersion(name)],
      ),
    ),
  },
  size,
  protocol,
  speed,
};
result.targets = targets(result);

writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
const markdown = report(result);
console.log(markdown);
if (args['update-readme']) {
  updateReadme(markdown);
  console.error('bench: README.md benchmark section updated');
}
