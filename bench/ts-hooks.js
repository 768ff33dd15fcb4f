// Module hooks that let this Node process import the e2e harness (TypeScript) as it is, instead of copying
// it: .ts files are stripped of their types by esbuild on load. Registered by ts-loader.js.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !/\.tsx?$/.test(new URL(url).pathname)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: path.endsWith('x') ? 'tsx' : 'ts',
    format: 'esm',
    sourcefile: path,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
