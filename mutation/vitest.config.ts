// The unit suite as vite.config.ts runs it, but with test files sharing one module graph (isolate: false):
// a fresh happy-dom environment and imports per file cost most of each mutant's run, three times its tests.
// The button tests define custom elements once per page, so they keep their isolation.
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vitest/config';
import rootConfig from '../vite.config.js';

export default defineConfig(async (env) => {
  const base = (await (typeof rootConfig === 'function' ? rootConfig(env) : rootConfig)) as UserConfig;
  const { reporters, ...unit } = base.test!;
  return {
    ...base,
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: {
      reporters,
      // Not `extends: true`, which would add each project's include to the root's rather than replace it.
      projects: [
        { test: { ...unit, name: 'shared', exclude: [...(unit.exclude ?? []), 'test/button/**'], isolate: false } },
        { test: { ...unit, name: 'button', include: ['test/button/**/*.test.ts'] } },
      ],
    },
  };
});
