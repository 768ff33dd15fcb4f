// Stryker over the riskiest core modules, run from the repository root (`npm run mutate`).
// Unit tests only: mutation/vitest.config.ts is vite.config.ts's `test` block (which excludes test/e2e), with
// test files sharing one module graph for speed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'mutation/vitest.config.ts' },
  // Each mutant runs only the tests that executed it in the dry run.
  coverageAnalysis: 'perTest',
  // The machine has 2 cores shared with other work.
  concurrency: 1,
  // The riskiest core modules: option checks, the session's records and state, the callback and the refresh
  // (protocol step and session side), Retry-After, authenticated fetch, URL rules, the tab lock.
  mutate: [
    'src/contract/normalize.ts',
    'src/session/tokens.ts',
    'src/session/pending.ts',
    'src/session/state.ts',
    'src/protocol/callback.ts',
    'src/session/callback.ts',
    'src/protocol/refresh.ts',
    'src/session/refresh.ts',
    'src/shared/retry-after.ts',
    'src/browser/fetch.ts',
    'src/shared/urls.ts',
    'src/browser/lock.ts',
  ],
  // The sandbox needs only what the unit tests read.
  ignorePatterns: ['dist', 'bench', 'demo', 'docs', 'mutation/*', '!mutation/vitest.config.ts', 'test/e2e', 'reports', 'coverage', '.ci'],
  // Stryker rewrites tsconfig.json in the sandbox through the TypeScript compiler API, which TypeScript 7 no longer
  // has; ours reaches nothing outside the sandbox, so point the rewriter at a file that does not exist.
  tsconfigFile: 'mutation/no-tsconfig-to-rewrite.json',
  tempDirName: 'mutation/.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  timeoutMS: 10000,
  cleanTempDir: 'always',
};
