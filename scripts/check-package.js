#!/usr/bin/env node
// The package as npm users get it: packs it (prepack builds), installs the tarball into a scratch project,
// then imports every entry as ESM, requires every entry as CommonJS, and type-checks a consumer of every
// entry under Node16 resolution from an .mts and a .cts file. Then publint and arethetypeswrong.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installApp, pack, root, run } from './pack.js';
import { allTypes, reachableTypes } from './prune-types.js';

const ENTRIES = ['telnyx-login', 'telnyx-login/telnyx', 'telnyx-login/button', 'telnyx-login/react'];
/** Every exported object type with optional properties (and the objects nested in them), per entry. */
const OBJECT_TYPES = [
  'Core.ClientRegistration', 'Core.LoginOptions', 'Core.LoginErrorOptions', 'Core.LoginState', 'Core.SignInOptions', 'Core.SignOutResult',
  'Core.UserClaims', "Events['signed-out']", "Events['signed-in']", "Events['refreshed']", "Events['warning']",
  'Telnyx.RetryOptions', 'Telnyx.TelnyxClientOptions', 'Telnyx.TelnyxApiErrorOptions', 'Telnyx.TelnyxErrorDetail',
  "NonNullable<Telnyx.TelnyxErrorDetail['source']>", 'Telnyx.AuthorizationServerMetadata', 'Telnyx.ProtectedResourceMetadata',
  'Telnyx.AuthorizeParams', 'Telnyx.RequestedScope', 'Telnyx.ConsentDetails', 'Telnyx.CreateGrantParams', 'Telnyx.IntrospectParams',
  'Telnyx.IntrospectionResponse', 'Telnyx.TelnyxJwk', 'Telnyx.RegisterClientParams', 'Telnyx.RegisterClientResponse', 'Telnyx.TokenParams',
  'Telnyx.TokenResponse', 'Telnyx.OAuthClient', 'Telnyx.CreateOAuthClientParams', 'Telnyx.UpdateOAuthClientParams', 'Telnyx.OAuthGrant',
  'Telnyx.ListParams', "NonNullable<Telnyx.ListParams['page']>", 'Telnyx.PaginationMeta', 'Telnyx.RequestOptions',
  'LoginButtonErrorDetail', 'LoginButtonSignedOutDetail', 'React.LoginProviderProps', 'React.LoginButtonProps', 'React.TelnyxLoginButtonProps',
];

const scratch = mkdtempSync(join(tmpdir(), 'telnyx-login-pack-'));
try {
  const packed = await pack(scratch);
  const { files } = packed;
  console.log(`tarball: ${packed.filename}, ${files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
  for (const required of ['dist/index.js', 'dist/cjs/index.js', 'dist/index.d.ts', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) throw new Error(`the tarball lacks ${required}`);
  }
  const stray = files.filter((f) => !/^(dist\/|docs\/api\.md$|README\.md$|LICENSE$|CHANGELOG\.md$|SECURITY\.md$|package\.json$)/.test(f));
  if (stray.length > 0) throw new Error(`the tarball ships files it should not: ${stray.join(', ')}`);

  const app = join(scratch, 'app');
  const react = JSON.parse(readFileSync(join(root, 'node_modules/react/package.json'), 'utf8')).version;
  await installApp(app, packed, [`react@${react}`, `@types/react@${react.split('.')[0]}`]);
  // Every declaration file shipped is one a compiler can reach from an entry's types.
  for (const dist of ['dist', 'dist/cjs'].map((sub) => join(app, 'node_modules/telnyx-login', sub))) {
    const reachable = new Set(reachableTypes(dist));
    const unreachable = allTypes(dist).filter((file) => !reachable.has(file));
    if (unreachable.length > 0) throw new Error(`the tarball ships .d.ts files no entry reaches: ${unreachable.join(', ')}`);
  }

  const esm = ENTRIES.map((e, i) => `import * as m${i} from '${e}'; if (Object.keys(m${i}).length === 0) throw new Error('${e}: no exports');`).join('\n');
  writeFileSync(join(app, 'esm.mjs'), `${esm}\nconsole.log('ESM import: ${ENTRIES.length} entries');\n`);
  const cjs = ENTRIES.map((e) => `if (Object.keys(require('${e}')).length === 0) throw new Error('${e}: no exports');`).join('\n');
  writeFileSync(join(app, 'cjs.cjs'), `${cjs}\nconsole.log('CommonJS require: ${ENTRIES.length} entries');\n`);
  process.stdout.write((await run('node', ['esm.mjs'], app)) + (await run('node', ['cjs.cjs'], app)));

  // A consumer of every entry, in both module systems, with the strictest options users turn on.
  // Under exactOptionalPropertyTypes every optional property of every exported object type takes an
  // explicit undefined ({ scope: flag ? x : undefined }), as it does without that option.
  const consumer = `import { createLogin, LoginError, type LoginOptions, type TelnyxScope } from 'telnyx-login';
import type * as Core from 'telnyx-login';
import { createTelnyxClient, TelnyxApiError } from 'telnyx-login/telnyx';
import type * as Telnyx from 'telnyx-login/telnyx';
import { TelnyxLoginButton, type LoginButtonErrorDetail, type LoginButtonSignedOutDetail } from 'telnyx-login/button';
import { LoginButton, LoginProvider, useLogin } from 'telnyx-login/react';
import type * as React from 'telnyx-login/react';
const scope: TelnyxScope = 'numbers.read';
const options: LoginOptions = { issuer: 'https://api.telnyx.com', clientId: 'c', redirectUri: 'https://app.example/cb', scope: [scope], resource: undefined };
export const used = [createLogin, options, LoginError, createTelnyxClient, TelnyxApiError, TelnyxLoginButton, LoginButton, LoginProvider, useLogin];

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type TakesUndefined<T> = { [K in OptionalKeys<T>]: undefined } extends Pick<T, OptionalKeys<T>> ? true : [T, 'has an optional property that refuses undefined'];
type Events = Core.LoginEventMap;
export const takeUndefined: [
  ${OBJECT_TYPES.map((type) => `TakesUndefined<${type}>`).join(',\n  ')},
] = [${OBJECT_TYPES.map(() => 'true').join(', ')}];
`;
  writeFileSync(join(app, 'consumer.mts'), consumer);
  writeFileSync(join(app, 'consumer.cts'), consumer);
  // One program per module system: a real app loads one copy of the global JSX/element declarations.
  const compilerOptions = { module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022', 'dom'], strict: true, exactOptionalPropertyTypes: true, noEmit: true, types: [] };
  for (const file of ['consumer.mts', 'consumer.cts']) {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [file] }));
    await run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app);
  }
  console.log('types: every entry type-checks from ESM and CommonJS (node16, strict, exactOptionalPropertyTypes)');

  process.stdout.write(await run(join(root, 'node_modules/.bin/publint'), ['run', '--strict'], root));
  process.stdout.write(await run(join(root, 'node_modules/.bin/attw'), [packed.path, '--profile', 'node16', '--format', 'table-flipped'], root));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
