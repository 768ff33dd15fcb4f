// Which folder may import which, checked on the source import by import: src/shared/ is a leaf that the
// core and src/telnyx/ both use; src/telnyx/ stands on it alone; the other entries (button, react) reach
// the core only through its public entry; and nothing outside src/telnyx/ imports it, so the core bundle
// stays free of it. The core reaches the page (and the clock) only through src/browser/environment.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function imports(file: string): string[] {
  // Comments out first: JSDoc examples show `import ... from 'telnyx-login/telnyx'`.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(/\b(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => (m[1] ?? m[2])!);
}

interface Edge {
  /** The importing file, relative to the repository. */
  from: string;
  spec: string;
  /** Where a relative import lands, relative to src/ with `/` separators (`shared/urls.js`); undefined for a package. */
  to: string | undefined;
}

/** Every import of every file under src/`folder` (all of src/ for ''). */
function edges(folder: string): Edge[] {
  return files(join(src, folder)).flatMap((file) =>
    imports(file).map((spec) => ({
      from: relative(root, file),
      spec,
      to: spec.startsWith('.') ? relative(src, resolve(dirname(file), spec)).split(sep).join('/') : undefined,
    })),
  );
}

/** The source of `file` with its comments blanked out, strings kept, so line numbers still hold. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/(['"`])(?:\\[\s\S]|(?!\1)[^\\])*\1|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (match) =>
    match.startsWith('/') ? match.replace(/[^\n]/g, ' ') : match,
  );
}

const show = ({ from, spec }: Edge) => `${from} → ${spec}`;
const under = (folder: string) => (edge: Edge) => edge.to?.startsWith(`${folder}/`) === true;

describe('architecture', () => {
  test('src/shared/ imports only src/shared/: no core, no dependencies, no Node built-ins', () => {
    expect(edges('shared').filter((edge) => !under('shared')(edge)).map(show)).toEqual([]);
  });

  test('src/telnyx/ imports only its own modules and src/shared/: no core, no dependencies, no Node built-ins', () => {
    expect(edges('telnyx').filter((edge) => !under('telnyx')(edge) && !under('shared')(edge)).map(show)).toEqual([]);
  });

  test('button/ and react/ reach the core only through its public entry (src/index.ts)', () => {
    const intoCore = (edge: Edge) => edge.to !== undefined && edge.to !== 'index.js' && !under('button')(edge) && !under('react')(edge);
    expect([...edges('button'), ...edges('react')].filter(intoCore).map(show)).toEqual([]);
  });

  test('src/protocol/ runs on oauth4webapi, fetch and what it is given: at run time it imports only protocol/, contract/, shared/, the storage schema and the environment', () => {
    // Type-only imports (a record's shape) are allowed: they leave nothing in the bundle.
    const runtime = files(join(src, 'protocol')).flatMap((file) =>
      [...code(file).matchAll(/^import (?!type )[^'"]*?from '([^']+)'/gm)].map(([, spec]) => ({
        from: relative(root, file),
        spec: spec!,
        to: spec!.startsWith('.') ? relative(src, resolve(dirname(file), spec!)).split(sep).join('/') : undefined,
      })),
    );
    const allowed = (edge: Edge) =>
      edge.spec === 'oauth4webapi' || ['protocol', 'contract', 'shared'].some((folder) => under(folder)(edge)) || edge.to === 'session/schema.js' || edge.to === 'browser/environment.js';
    expect(runtime.length).toBeGreaterThan(10);
    expect(runtime.filter((edge) => !allowed(edge)).map(show)).toEqual([]);
  });

  test('nothing outside src/telnyx/ imports it (the core bundle stays free of it)', () => {
    const intoTelnyx = (edge: Edge) => under('telnyx')(edge) || /(^|\/)telnyx(\/|$)/.test(edge.spec);
    expect(edges('').filter((edge) => !edge.from.startsWith(`src${sep}telnyx${sep}`) && intoTelnyx(edge)).map(show)).toEqual([]);
  });

  test('the core touches no browser global and no Date.now() outside src/browser/environment.ts', () => {
    // The page's own code: popup.ts's message listener and the popup page's window, and the entries
    // (button, react, telnyx) that run in the page beside the controller rather than inside it.
    const edge = ['browser/environment.ts', 'browser/popup.ts', 'button/', 'react/', 'telnyx/'];
    const global = /(?<![\w$.])(?:(?:window|document|navigator|history|location)\??\.|Date\.now\(|BroadcastChannel\b)/;
    const offenders = files(src)
      .filter((file) => !edge.some((path) => relative(src, file).split(sep).join('/').startsWith(path)))
      .flatMap((file) => code(file).split('\n').flatMap((line, i) => (global.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  test('package.json exports ./telnyx for import and require, types first in each, at the paths the build emits', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, object>> };
    expect(pkg.exports['./telnyx']).toEqual({
      import: { types: './dist/telnyx/index.d.ts', default: './dist/telnyx.js' },
      require: { types: './dist/cjs/telnyx/index.d.ts', default: './dist/cjs/telnyx.js' },
    });
    for (const condition of Object.values(pkg.exports['./telnyx']!)) expect(Object.keys(condition)[0]).toBe('types');
  });
});
