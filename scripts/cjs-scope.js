// Marks dist/cjs as CommonJS, so Node, Jest and TypeScript read its .js and .d.ts files as CommonJS
// inside this "type": "module" package.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');
