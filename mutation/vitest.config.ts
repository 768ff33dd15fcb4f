// The unit suite as vite.config.ts runs it, tuned for running once per mutant:
// - test files share one module graph (isolate: false): a fresh happy-dom and imports per file cost most of
//   each mutant's run, three times its tests. ISOLATED keeps its own page per file: the button tests define
//   custom elements once per page, and storage.test.ts leaves a controller on a failing store listening to
//   the cross-tab channel, which every later file's broadcast would wake.
// - the quickest files run first (vitest runs the slowest first), so a killed mutant stops early (bail).
// - the seeded fuzz (10 s, half the suite's time) is left out: it would be paid by nearly every mutant, and
//   leaving it out can only lower the score, never raise it.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import rootConfig from '../vite.config.js';

class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const results = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`);
    const rank = (spec: TestSpecification) => {
      const last = results(spec);
      return [spec.project.name, last?.failed ? 0 : 1, last?.duration ?? 0] as const;
    };
    return [...files].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] - y[1] || x[2] - y[2];
    });
  }
}

const ISOLATED = ['test/button/**/*.test.ts', 'test/browser/storage.test.ts'];

export default defineConfig(async (env) => {
  const base = (await (typeof rootConfig === 'function' ? rootConfig(env) : rootConfig)) as UserConfig;
  const { reporters, ...unit } = base.test!;
  const exclude = [...(unit.exclude ?? []), 'test/faults/fuzz.test.ts'];
  return {
    ...base,
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: {
      reporters,
      sequence: { sequencer: QuickestFirst },
      // Not `extends: true`, which would add each project's include to the root's rather than replace it.
      projects: [
        { test: { ...unit, name: 'shared', exclude: [...exclude, ...ISOLATED], isolate: false } },
        { test: { ...unit, name: 'isolated', exclude, include: ISOLATED } },
      ],
    },
  };
});
