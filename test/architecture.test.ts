// The subpath stays out of the core bundle, and stands alone: checked on the source, import by import.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  return [...text.matchAll(/\b(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g)].map((m) => (m[1] ?? m[2])!);
}

describe('src/telnyx boundaries', () => {
  test('nothing outside src/telnyx imports it (the core bundle stays free of it)', () => {
    const offenders = files(src)
      .filter((f) => !relative(src, f).startsWith('telnyx'))
      .filter((f) => imports(f).some((spec) => /(^|\/)telnyx(\/|$)/.test(spec)))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  test('src/telnyx imports only its own modules: no core, no dependencies, no Node built-ins', () => {
    const telnyx = join(src, 'telnyx');
    const outside = files(telnyx).flatMap((f) =>
      imports(f)
        .filter((spec) => !spec.startsWith('./'))
        .map((spec) => `${relative(root, f)} → ${spec}`),
    );
    expect(outside).toEqual([]);
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
