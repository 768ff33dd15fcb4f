// The e2e driver layer: one API (types.ts) over three engines. Engines load lazily, so a run (or the
// bench, which needs Chromium only) never loads a driver it does not use.
import { ENGINES, type Browser, type EngineName } from './types.js';

export * from './types.js';

/** The engines to run, from `E2E_ENGINES` (comma-separated), all three by default. */
export function selectedEngines(value = process.env.E2E_ENGINES): EngineName[] {
  if (!value?.trim()) return [...ENGINES];
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`E2E_ENGINES: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return ENGINES.filter((engine) => names.includes(engine));
}

/** Starts `engine`; close it with `close()`. */
export async function launch(engine: EngineName): Promise<Browser> {
  if (engine === 'webkit') return (await import('./webkit.js')).launchWebKit();
  return (await import('./playwright.js')).launchPlaywright(engine);
}
