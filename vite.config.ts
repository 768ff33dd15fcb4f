import { defineConfig } from 'vitest/config';

// Library build: each public entry becomes its own ESM file so optional parts
// (button, react, telnyx) never weigh on the core bundle.
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  telnyx: 'src/telnyx/index.ts',
  button: 'src/button.ts',
  react: 'src/react.tsx',
};

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external: [/^oauth4webapi/, /^idb-keyval/, /^react/],
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
});
