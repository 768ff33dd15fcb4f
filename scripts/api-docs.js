#!/usr/bin/env node
// The API reference (docs/api.md), generated from the types: every export of every entry, its type as the
// compiler prints it, its JSDoc and its tags; each property of an exported interface or class with its own
// JSDoc and @default. TypeDoc needs TypeScript <= 6 and this project builds with TypeScript 7, so this asks
// TypeScript 7's own checker (its API, `typescript/unstable/sync`) instead of re-parsing anything.
// `--check` fails when docs/api.md is not what the types say (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API, SymbolFlags } from 'typescript/unstable/sync';

import { root } from './pack.js';

/** Each public entry and the source module its exports come from (package.json's exports). */
const ENTRIES = {
  'telnyx-login': 'src/index.ts',
  'telnyx-login/telnyx': 'src/telnyx/index.ts',
  'telnyx-login/button': 'src/button/index.ts',
  'telnyx-login/react': 'src/react/index.tsx',
};
const OUTPUT = join(root, 'docs/api.md');
// TypeScript's TypeFormatFlags: print whole types (no "..."), and an alias's definition rather than its name.
const NO_TRUNCATION = 1;
const IN_TYPE_ALIAS = 1 << 23;
const SRC = join(root, 'src/');

const api = new API({ cwd: root });
let markdown;
try {
  const project = api.updateSnapshot({ openProjects: [join(root, 'tsconfig.build.json')] }).getProjects()[0];
  if (!project) throw new Error('tsconfig.build.json opened no project');
  markdown = render(project);
} finally {
  api.close();
}

if (process.argv.includes('--check')) {
  if (readFileSync(OUTPUT, 'utf8') !== markdown) {
    console.error('docs/api.md is out of date with the types: run npm run docs');
    process.exit(1);
  }
  console.log('docs/api.md matches the types');
} else {
  writeFileSync(OUTPUT, markdown);
  console.log(`wrote ${OUTPUT}`);
}

/** @param {import('typescript/unstable/sync').Project} project */
function render({ program, checker }) {
  /** `{@link X}` as code: the reference has no page of its own to link to. @param {string} text */
  const links = (text) => text.replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`');
  /** @param {string} text one line for a table cell */
  const cell = (text) => links(text).replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
  /** @param {import('typescript/unstable/sync').Symbol} symbol */
  const docOf = (symbol) => links(checker.getDocumentationCommentOfSymbol(symbol).trim());
  /** @param {import('typescript/unstable/sync').Symbol} symbol */
  const tagsOf = (symbol) => checker.getJsDocTagsOfSymbol(symbol);
  /** Declared in this package's own source (not inherited from HTMLElement, React or the DOM). */
  const ours = (/** @type {import('typescript/unstable/sync').Symbol} */ symbol) =>
    symbol.declarations.some((declaration) => String(declaration.path).startsWith(SRC));

  /** @param {import('typescript/unstable/sync').Symbol} symbol */
  function tags(symbol) {
    const lines = [''];
    for (const tag of tagsOf(symbol)) {
      if (tag.name === 'internal') continue;
      const text = links(tag.text ?? '').trim();
      if (tag.name === 'example') lines.push('', '```ts', text.replace(/^```\w*\n?|```$/g, '').trim(), '```');
      else lines.push(`- **@${tag.name}** ${text}`.trimEnd());
    }
    return lines;
  }

  /** The members table of an interface or class: own members only. @param {import('typescript/unstable/sync').Type} type */
  function members(type) {
    const rows = [];
    for (const member of checker.getPropertiesOfType(type)) {
      if (!ours(member) || member.name.includes('#') || tagsOf(member).some((tag) => tag.name === 'internal')) continue;
      const memberType = checker.getTypeOfSymbol(member);
      const optional = member.flags & SymbolFlags.Optional ? '?' : '';
      const fallback = tagsOf(member).find((tag) => tag.name === 'default')?.text ?? '';
      rows.push(`| \`${member.name}${optional}\` | \`${cell(memberType ? checker.typeToString(memberType, undefined, NO_TRUNCATION) : '')}\` | ${cell(fallback)} | ${cell(docOf(member))} |`);
    }
    return rows.length === 0 ? [] : ['', '| member | type | default | description |', '| --- | --- | --- | --- |', ...rows];
  }

  /** @param {import('typescript/unstable/sync').Symbol} exported */
  function section(exported) {
    const symbol = exported.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const lines = [];
    if (symbol.flags & (SymbolFlags.Interface | SymbolFlags.Class)) {
      const kind = symbol.flags & SymbolFlags.Class ? 'class' : 'interface';
      lines.push(`### ${exported.name} (${kind})`, '', docOf(symbol), ...tags(symbol), ...members(checker.getDeclaredTypeOfSymbol(symbol)));
    } else if (symbol.flags & SymbolFlags.TypeAlias) {
      const type = checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), undefined, NO_TRUNCATION | IN_TYPE_ALIAS);
      lines.push(`### ${exported.name} (type)`, '', '```ts', `type ${exported.name} = ${type};`, '```', '', docOf(symbol), ...tags(symbol));
    } else {
      const type = checker.getTypeOfSymbol(symbol);
      const printed = type ? checker.typeToString(type, undefined, NO_TRUNCATION) : '';
      const kind = symbol.flags & SymbolFlags.Function ? 'function' : 'constant';
      const signature = kind === 'function' ? `function ${exported.name}${printed.replace(/\) => /, '): ')}` : `const ${exported.name}: ${printed}`;
      lines.push(`### ${exported.name} (${kind})`, '', '```ts', `${signature};`, '```', '', docOf(symbol), ...tags(symbol));
    }
    return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  }

  const parts = [
    '# API reference',
    '',
    'Generated from the types by `npm run docs` (`scripts/api-docs.js`, through TypeScript\'s own checker); do not',
    'edit by hand. CI fails when it is out of date. The [README](../README.md) shows how the parts fit together.',
  ];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(root, file));
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${file}: no module symbol`);
    const exports = [...checker.getExportsOfModule(module)].sort((a, b) => a.name.localeCompare(b.name, 'en'));
    parts.push('', `## ${entry}`, '', `\`import { … } from '${entry}'\`: ${exports.length} exports.`);
    for (const exported of exports) parts.push('', section(exported));
  }
  return `${parts.join('\n')}\n`;
}
