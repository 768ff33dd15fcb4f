// Module hooks that let this Node process import the e2e harness (TypeScript) as it is, instead of copying
// it: .ts files are stripped of their types by esbuild on load. Registered by ts-loader.js.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

// TypeScript modules import their siblings as './x.js' (the harness imports its driver that way): when no
// such .js file exists, the .ts file is the one meant.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const typescriptSibling = specifier.startsWith('.') && specifier.endsWith('.js') && /\.tsx?$/.test(context.parentURL ?? '');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !typescriptSibling) throw error;
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
  }
}

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
