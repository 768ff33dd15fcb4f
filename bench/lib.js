// Small helpers shared by the three benchmarks: paths, versions, bounded waits, markdown tables.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The installed version of a bench dependency (read from its package.json, not from the pin). */
export function installedVersion(name) {
  // Straight from node_modules: some packages (keycloak-js) do not export their package.json.
  const { version } = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, import.meta.url), 'utf8'));
  return version;
}

/** The SDK's own version, from the root package.json. */
export function ourVersion() {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
}

/** Rejects after `ms` with a message naming what was waited for, so no step can hang the run. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A GitHub-flavoured markdown table; `align` is 'l' or 'r' per column. */
export function markdownTable(header, rows, align = header.map(() => 'l')) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
