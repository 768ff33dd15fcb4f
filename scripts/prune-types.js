// Keeps in dist/ (and dist/cjs/) only the .d.ts files a user's compiler can reach from an entry's types:
// tsc emits one per module of src/, and the internal ones would ship as dead weight and as internals a
// user might import by path. Run by `npm run build` after tsc.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The entry declaration files, relative to dist/ (and to dist/cjs/): what package.json's exports name. */
export const ENTRY_TYPES = ['index.d.ts', 'telnyx/index.d.ts', 'button/index.d.ts', 'react/index.d.ts'];

/**
 * Every .d.ts under `dir` reachable from `entries` through relative imports (`from './x.js'`,
 * `import('./x.js')`), as paths relative to `dir`.
 * @param {string} dir @param {string[]} [entries]
 */
export function reachableTypes(dir, entries = ENTRY_TYPES) {
  const seen = new Set();
  const queue = entries.map((entry) => join(dir, entry));
  while (queue.length > 0) {
    const file = /** @type {string} */ (queue.pop());
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts'));
      if (!existsSync(target)) throw new Error(`${relative(dir, file)} imports ${specifier}, which has no .d.ts`);
      queue.push(target);
    }
  }
  return [...seen].map((file) => relative(dir, file)).sort();
}

/**
 * Every .d.ts under `dir`, relative to it, leaving out a `cjs` folder (dist/cjs is a tree of its own).
 * @param {string} dir @param {string} [sub] the folder under `dir` being read
 * @returns {string[]}
 */
export function allTypes(dir, sub = '') {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((entry) => {
    const path = join(sub, entry.name);
    if (entry.isDirectory()) return entry.name === 'cjs' ? [] : allTypes(dir, path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  for (const dir of [dist, join(dist, 'cjs')]) {
    const kept = new Set(reachableTypes(dir));
    for (const file of allTypes(dir)) if (!kept.has(file)) rmSync(join(dir, file));
  }
}
