import { defineConfig } from 'vitest/config';

// Library build: each public entry becomes its own file so optional parts (button, react, telnyx) never
// weigh on the core bundle. `vite build` writes the ESM files (dependencies external, for bundlers);
// `vite build --mode cjs` writes dist/cjs for require() and Jest, with oauth4webapi and idb-keyval bundled
// in, since both ship ESM only and Jest cannot require ESM.
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  telnyx: 'src/telnyx/index.ts',
  button: 'src/button/index.ts',
  react: 'src/react/index.tsx',
};

export default defineConfig(({ mode }) => {
  const cjs = mode === 'cjs';
  return {
    build: {
      outDir: cjs ? 'dist/cjs' : 'dist',
      emptyOutDir: !cjs,
      sourcemap: true,
      minify: false,
      lib: { entry: entries, formats: [cjs ? 'cjs' : 'es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        external: cjs ? [/^react/] : [/^oauth4webapi/, /^idb-keyval/, /^react/],
        // Code two entries share (src/shared/, which the core and telnyx both import) goes in one chunk.
        output: { chunkFileNames: cjs ? 'shared-[hash].cjs' : 'shared-[hash].js' },
      },
    },
    test: {
      environment: 'happy-dom',
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      exclude: ['test/e2e/**', 'node_modules/**'],
      setupFiles: ['test/setup.ts'],
      restoreMocks: true,
      // CI also writes a JSON report, from which .ci/run prints one closing "N passed, N failed" line.
      reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/unit.json' }]] : ['default'],
    },
  };
});
