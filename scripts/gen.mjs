// Generates, from schemas/ (the single source of truth for the file format):
//   src/generated/schema-types.ts  types, by json-schema-to-typescript
//   src/generated/validators.js    ajv validators compiled ahead of time (standalone code), so
//                                  `weft validate` never pays for compiling them at start-up
//   docs/reference/*.md            the file-format reference, by scripts/gen-docs.mjs
// `node scripts/gen.mjs --check` fails when a committed file is stale, or when docs/reference/
// holds a page the generator no longer makes.
import { readFile, writeFile, mkdir, readdir, rm } from 'node:fs/promises';
import { compileFromFile } from 'json-schema-to-typescript';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { schemaFiles, resourceKinds, schemaId, ajvOptions } from './schema-files.mjs';
import { referenceDocs, referenceDirectory } from './gen-docs.mjs';

const root = new URL('../', import.meta.url);
const schemasDirectory = new URL('schemas/', root);
const banner = `/* Generated from schemas/ by scripts/gen.mjs (npm run gen). Do not edit. */`;

async function types() {
  return compileFromFile(new URL('weft.schema.json', schemasDirectory).pathname, {
    cwd: schemasDirectory.pathname,
    bannerComment: banner,
    additionalProperties: false,
    // Steps hold steps: as tuples ([Step, ...Step[]]) the recursive union is too complex for tsc.
    ignoreMinAndMaxItems: true,
    format: true,
  });
}

async function validators() {
  const ajv = new Ajv2020({ ...ajvOptions, code: { source: true, esm: true, lines: true } });
  for (const file of schemaFiles) ajv.addSchema(JSON.parse(await readFile(new URL(file, schemasDirectory), 'utf8')));
  const exports = Object.fromEntries(resourceKinds.map((kind) => [kind, schemaId(kind)]));
  const code = standaloneCode(ajv, exports)
    // The two runtime helpers ajv's code requires, as ESM imports that behave the same under
    // Node and under the bundler.
    .replace(/require\("ajv\/dist\/runtime\/equal"\)\.default/g, 'fastDeepEqual')
    .replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, 'ucs2length')
    .replace(/^"use strict";/, '')
    // ajv gathers the errors of a $ref'd schema with vErrors.concat(...), copying every error so
    // far at each failing call: a flow of 10,000 failing steps took seconds. Append them instead
    // (src/check/user-schemas.ts does the same for users' schemas).
    .replace(/vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\)/g, '{ if (vErrors === null) vErrors = $1.errors.slice(); else for (const error of $1.errors) vErrors.push(error); }');
  if (/vErrors\.concat\(/.test(code)) throw new Error('standalone validator code still concatenates errors');
  if (/require\(/.test(code)) throw new Error('standalone validator code still requires a module');
  return [
    banner,
    '// @ts-nocheck',
    "import fastDeepEqual from 'fast-deep-equal';",
    'function ucs2length(text) { let length = 0; for (const _ of text) length++; return length; }',
    code,
    '',
  ].join('\n');
}

async function rawSchemas() {
  const entries = [];
  for (const file of schemaFiles) entries.push(`  ${JSON.stringify(file)}: ${(await readFile(new URL(file, schemasDirectory), 'utf8')).trim().replace(/\n/g, '\n  ')},`);
  return [banner, '/** The JSON Schemas of schemas/, by file name. */', 'export const schemas = {', ...entries, '};', ''].join('\n');
}

const declarations = [
  banner,
  "import type { ErrorObject } from 'ajv';",
  'export interface CompiledValidator { (data: unknown): boolean; errors?: ErrorObject[] | null }',
  ...resourceKinds.map((kind) => `export declare const ${kind}: CompiledValidator;`),
  '',
].join('\n');

async function parsedSchemas() {
  const parsed = {};
  for (const file of schemaFiles) parsed[file] = JSON.parse(await readFile(new URL(file, schemasDirectory), 'utf8'));
  return parsed;
}

/** Every generated file, by path relative to the repository root. */
const outputs = {
  'src/generated/schema-types.ts': await types(),
  'src/generated/validators.js': await validators(),
  'src/generated/validators.d.ts': declarations,
  'src/generated/schemas.js': await rawSchemas(),
  'src/generated/schemas.d.ts': [banner, 'export declare const schemas: Record<string, Record<string, unknown>>;', ''].join('\n'),
  ...referenceDocs(await parsedSchemas()),
};

/** Pages in docs/reference/ that the generator does not make (a kind removed, a page renamed). */
async function orphanPages() {
  const names = await readdir(new URL(referenceDirectory, root)).catch(() => []);
  return names.map((name) => `${referenceDirectory}${name}`).filter((file) => !(file in outputs)).sort();
}

if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, body] of Object.entries(outputs)) {
    const current = await readFile(new URL(file, root), 'utf8').catch(() => '');
    if (current !== body) {
      console.error(`${file} is stale against schemas/: run \`npm run gen\` and commit it.`);
      stale = true;
    }
  }
  for (const file of await orphanPages()) {
    console.error(`${file} is not generated from schemas/: run \`npm run gen\` (it removes it) and commit.`);
    stale = true;
  }
  if (stale) process.exit(1);
  console.log(`src/generated/ and ${referenceDirectory} are up to date.`);
} else {
  for (const [file, body] of Object.entries(outputs)) {
    await mkdir(new URL('.', new URL(file, root)), { recursive: true });
    await writeFile(new URL(file, root), body);
  }
  for (const file of await orphanPages()) await rm(new URL(file, root));
  console.log(`wrote ${Object.keys(outputs).join(', ')}`);
}
