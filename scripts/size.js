#!/usr/bin/env node
// Size budget: each entry's typical usage (bench/usage: configure, handle the callback, sign in, get a
// token, call the API, sign out), bundled from src/ with Vite (rolldown), minified, gzipped at level 9 and
// compared with package.json's "sizeBudget" (gzip bytes). Exits 1 when one is over its budget. React is
// external, as a peer dependency is in every app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

import { root } from './pack.js';

/** The usage file measured for each entry; the entry's budget is package.json's sizeBudget[entry]. */
const USAGES = {
  'telnyx-login': 'telnyx-login.ts',
  'telnyx-login/button': 'telnyx-login-button.ts',
  'telnyx-login/telnyx': 'telnyx-login-telnyx.ts',
  'telnyx-login/react': 'telnyx-login-react.tsx',
};

/** Minified and gzip -9 bytes of `file`'s bundle. @param {string} file */
async function measure(file) {
  const output = /** @type {import('rolldown').RolldownOutput} */ (await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      target: 'esnext', // the usages use top-level await
      rolldownOptions: { input: join(root, 'bench/usage', file), external: [/^react(-dom)?(\/|$)/], output: { format: 'es' } },
    },
  }));
  const chunks = output.output.filter((item) => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`${file}: expected one chunk, got ${chunks.length}`);
  const code = Buffer.from(chunks[0].code);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const budgets = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).sizeBudget;
let over = 0;
console.log('entry (typical usage)       minified    gzip -9    budget');
for (const [entry, file] of Object.entries(USAGES)) {
  const budget = budgets?.[entry];
  if (typeof budget !== 'number') throw new Error(`package.json has no sizeBudget for ${entry}`);
  const { minified, gzip } = await measure(file);
  const verdict = gzip > budget ? `OVER by ${gzip - budget} B` : 'ok';
  if (gzip > budget) over += 1;
  console.log(`${entry.padEnd(26)} ${String(minified).padStart(9)} B ${String(gzip).padStart(8)} B ${String(budget).padStart(8)} B  ${verdict}`);
}
if (over > 0) {
  console.error(`${over} entr${over === 1 ? 'y is' : 'ies are'} over the size budget (package.json "sizeBudget", gzip bytes)`);
  process.exit(1);
}
