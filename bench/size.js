// Bundle size: one typical-usage file per SDK (bench/usage), all bundled with the same esbuild options and
// gzipped at level 9, in one run. The floor is what telnyx-login cannot go below: the oauth4webapi exports
// its src uses plus idb-keyval's store functions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_DIR, ROOT_DIR, installedVersion, kb, markdownTable, ourVersion } from './lib.js';

/** React is a peer dependency: excluded from every bundle, the same way. */
export const EXTERNAL = ['react', 'react/*', 'react-dom', 'react-dom/*'];

/** One bundler configuration for everyone (the issue's: esbuild --bundle --minify --format=esm). */
export const BUILD_OPTIONS = Object.freeze({
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  external: EXTERNAL,
  logLevel: 'silent',
});

const ours = (entry) => ({ package: 'telnyx-login', version: ourVersion(), entry });
const anchor = (name) => ({ package: name, version: installedVersion(name) });

/** What is measured, in table order. */
export const USAGES = [
  { name: 'telnyx-login (core)', file: 'telnyx-login.ts', ...ours('telnyx-login'), target: 12 * 1024, goal: 10 * 1024 },
  { name: 'telnyx-login + button', file: 'telnyx-login-button.ts', ...ours('telnyx-login, telnyx-login/button') },
  { name: 'telnyx-login + telnyx module', file: 'telnyx-login-telnyx.ts', ...ours('telnyx-login, telnyx-login/telnyx') },
  { name: 'telnyx-login + react (react external)', file: 'telnyx-login-react.tsx', ...ours('telnyx-login, telnyx-login/react') },
  { name: '@auth0/auth0-spa-js', file: 'auth0-spa-js.js', ...anchor('@auth0/auth0-spa-js') },
  { name: 'oidc-client-ts', file: 'oidc-client-ts.js', ...anchor('oidc-client-ts') },
  { name: '@azure/msal-browser', file: 'msal-browser.js', ...anchor('@azure/msal-browser') },
  { name: '@okta/okta-auth-js', file: 'okta-auth-js.js', ...anchor('@okta/okta-auth-js') },
  { name: 'keycloak-js', file: 'keycloak-js.js', ...anchor('keycloak-js') },
  { name: '@openid/appauth', file: 'appauth.js', ...anchor('@openid/appauth') },
  {
    name: 'floor: oauth4webapi (used exports) + idb-keyval',
    file: 'floor.js',
    package: 'oauth4webapi + idb-keyval',
    version: `${installedVersion('oauth4webapi')} + ${installedVersion('idb-keyval')}`,
    floor: true,
  },
];

async function bundle(file) {
  const result = await build({ ...BUILD_OPTIONS, entryPoints: [join(BENCH_DIR, 'usage', file)], absWorkingDir: BENCH_DIR });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, warnings: result.warnings.length };
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * The oauth4webapi exports src/ uses at run time (namespace `oauth.x` and named imports, type-only imports
 * left out), compared with what the floor exports, so the floor cannot silently drift from the SDK.
 */
export async function floorDrift() {
  const runtime = new Set(Object.keys(await import('oauth4webapi')));
  const used = new Set();
  for (const path of sourceFiles(join(ROOT_DIR, 'src'))) {
    const text = readFileSync(path, 'utf8');
    if (/import\s+\*\s+as\s+oauth\s+from\s+'oauth4webapi'/.test(text)) {
      for (const [, name] of text.matchAll(/\boauth\.([A-Za-z_$][\w$]*)/g)) if (runtime.has(name)) used.add(name);
    }
    for (const [, names] of text.matchAll(/import\s+\{([^}]*)\}\s+from\s+'oauth4webapi'/g)) {
      for (const part of names.split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        if (name && !name.startsWith('type ') && runtime.has(name)) used.add(name);
      }
    }
  }
  const floor = await import(pathToFileURL(join(BENCH_DIR, 'usage', 'floor.js')).href);
  const exported = new Set(Object.keys(floor).filter((name) => runtime.has(name)));
  return {
    missingFromFloor: [...used].filter((name) => !exported.has(name)).sort(),
    unusedInFloor: [...exported].filter((name) => !used.has(name)).sort(),
  };
}

/** Bundles every usage; returns rows with bytes and the ratio to the floor. */
export async function measureSize() {
  const rows = [];
  for (const usage of USAGES) {
    try {
      rows.push({ ...usage, ...(await bundle(usage.file)) });
    } catch (error) {
      rows.push({ ...usage, error: String(error.message ?? error).split('\n')[0] });
    }
  }
  const floor = rows.find((row) => row.floor);
  for (const row of rows) {
    if (row.gzip !== undefined && floor?.gzip) row.ratioToFloor = Number((row.gzip / floor.gzip).toFixed(2));
    if (row.target !== undefined && row.gzip !== undefined) row.targetMet = row.gzip <= row.target;
  }
  return { options: { ...BUILD_OPTIONS, gzipLevel: 9, esbuild: installedVersion('esbuild') }, rows, floorDrift: await floorDrift() };
}

export function sizeTable({ rows }) {
  return markdownTable(
    ['Bundle (typical usage)', 'Version', 'Minified', 'Gzip -9', 'Gzip ÷ floor'],
    rows.map((row) => [
      row.name,
      row.version,
      row.error ? `failed: ${row.error}` : `${row.minified.toLocaleString('en')} B`,
      row.error ? '—' : `${row.gzip.toLocaleString('en')} B (${kb(row.gzip)})`,
      row.error ? '—' : `${row.ratioToFloor.toFixed(2)}×`,
    ]),
    ['l', 'l', 'r', 'r', 'r'],
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureSize();
  console.log(sizeTable(result));
  console.log(JSON.stringify(result.floorDrift));
}
