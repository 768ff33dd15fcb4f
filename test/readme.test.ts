// @vitest-environment node
// Every TypeScript snippet in the README (and every module script of its HTML snippets) compiles under
// strict TypeScript against the SDK's public entry points, so a snippet cannot rot as the API changes.
// A snippet may use a few names it does not define; the prelude declares them, and nothing else.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'node_modules', '.readme-snippets');

/** The names snippets use without defining them: what the surrounding app would have. */
const PRELUDE = `declare const login: import('telnyx-login').Login;
declare function render(...args: unknown[]): void;
declare const signInButton: HTMLButtonElement;
declare const signOutButton: HTMLButtonElement;
declare const button: HTMLButtonElement;
declare const grantId: string;
`;

interface Snippet {
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
}

function snippets(markdown: string): Snippet[] {
  const found: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lang = /^```(ts|tsx|html)$/.exec(lines[i]!)?.[1];
    if (!lang) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const code = lines.slice(start, end).join('\n');
    i = end;
    if (lang === 'html') {
      for (const match of code.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)) found.push({ line: start, lang: 'ts', code: match[1]! });
    } else {
      found.push({ line: start, lang: lang as 'ts' | 'tsx', code });
    }
  }
  return found;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README snippets', () => {
  const all = snippets(readFileSync(join(root, 'README.md'), 'utf8'));

  it('finds the snippets (the extraction itself works)', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  it('every TypeScript snippet compiles under strict TypeScript against the public entry points', async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'prelude.d.ts'), PRELUDE);
    const files = all.map((snippet) => {
      const file = `readme-line-${snippet.line}.${snippet.lang}`;
      // Each snippet is its own module, as it would be in an app.
      writeFileSync(join(dir, file), `${snippet.code}\nexport {};\n`);
      return file;
    });
    const src = (path: string) => [join(root, 'src', path)];
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
          paths: {
            'telnyx-login': src('index.ts'),
            'telnyx-login/telnyx': src('telnyx/index.ts'),
            'telnyx-login/button': src('button/index.ts'),
            'telnyx-login/react': src('react/index.tsx'),
          },
        },
        files: ['prelude.d.ts', ...files],
      }),
    );
    const result = await promisify(execFile)(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // Errors name the README line the snippet starts at: readme-line-<N>.ts(<line in snippet>,...)
    expect(result).toBe('');
  }, 60_000);
});
