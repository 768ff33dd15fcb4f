// The package as npm users get it: `npm pack` (prepack builds it), then a fresh npm project with the
// tarball installed. Shared by scripts/check-package.js and the newcomer test (test/e2e/readme.test.ts),
// so both check the same tarball a user would install.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a command and resolves with its stdout; on failure rejects with both streams in the message (tsc
 * reports its errors on stdout).
 * @param {string} cmd @param {string[]} args @param {string} cwd
 */
export async function run(cmd, args, cwd) {
  try {
    const { stdout } = await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}

/**
 * @typedef {object} Packed
 * @property {string} filename e.g. telnyx-login-0.1.0.tgz
 * @property {string} path the tarball's absolute path
 * @property {string[]} files every path in the tarball
 * @property {number} size packed bytes
 * @property {number} unpackedSize
 */

/**
 * Builds (prepack) and packs the package into `destination`.
 * @param {string} destination an existing folder
 * @returns {Promise<Packed>}
 */
export async function pack(destination) {
  // npm prints the prepack build's output before the JSON on the same stream.
  const output = await run('npm', ['pack', '--json', '--pack-destination', destination], root);
  const [packed] = JSON.parse(output.slice(output.search(/^\[/m)));
  return {
    filename: packed.filename,
    path: join(destination, packed.filename),
    files: packed.files.map((/** @type {{ path: string }} */ f) => f.path),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
  };
}

/**
 * A new npm project at `dir` (created) with the tarball and `dependencies` (name@version specs) installed,
 * as `npm install <tarball>` in a user's app would.
 * @param {string} dir @param {Packed} packed @param {string[]} [dependencies]
 */
export async function installApp(dir, packed, dependencies = []) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', packed.path, ...dependencies], dir);
}
