import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { referenceDocs, referenceDirectory } from '../scripts/gen-docs.mjs';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';

/** scripts/gen-docs.mjs (docs/reference/ from schemas/) and its check in scripts/gen.mjs. */
const test = suite('gen-docs');

async function readSchemas(): Promise<Record<string, Record<string, unknown>>> {
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const file of await readdir(path.join(repoRoot, 'schemas'))) {
    schemas[file] = JSON.parse(await readFile(path.join(repoRoot, 'schemas', file), 'utf8'));
  }
  return schemas;
}

/** Every (name, property schema) under `properties` anywhere in a schema, if/then conditions aside. */
function* properties(node: unknown): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* properties(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, property] of Object.entries(value)) {
        if (property && typeof property === 'object') yield [name, property as Record<string, unknown>];
      }
    }
    if (key !== 'default' && key !== 'if' && key !== 'then') yield* properties(value);
  }
}

/** The code spans of a markdown text, with the table-cell escape of '|' undone. */
function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/(`+) ?(.+?) ?\1(?!`)/g)].map((match) => match[2]!.replace(/\\\|/g, '|'));
}

test('the committed docs/reference/ is what the schemas generate', async () => {
  const pages = referenceDocs(await readSchemas());
  for (const [file, body] of Object.entries(pages)) {
    assert.is(await readFile(path.join(repoRoot, file), 'utf8'), body, file);
  }
  const committed = (await readdir(path.join(repoRoot, referenceDirectory))).map((name) => `${referenceDirectory}${name}`).sort();
  assert.equal(committed, Object.keys(pages).sort());
});

test('the reference names every property of every schema, with its description', async () => {
  const schemas = await readSchemas();
  const markdown = Object.values(referenceDocs(schemas)).join('\n');
  const fieldPaths = codeSpans(markdown);
  // Prose is escaped for markdown with backslashes; descriptions themselves hold none.
  const prose = markdown.replace(/\\/g, '');
  const missing: string[] = [];
  for (const [file, schema] of Object.entries(schemas)) {
    for (const [name, property] of properties(schema)) {
      if (!fieldPaths.some((field) => field === name || field.endsWith(`.${name}`))) missing.push(`${file}: field ${name}`);
      if (typeof property.description === 'string' && !prose.includes(property.description)) missing.push(`${file}: description of ${name}`);
    }
  }
  assert.equal(missing, []);
});

test('every alternative of a discriminated oneOf has its own section', async () => {
  const markdown = referenceDocs(await readSchemas())['docs/reference/connector.md']!;
  for (const type of ['none', 'basic', 'bearer', 'apiKey', 'oauth2']) assert.ok(markdown.includes(`### \`spec.auth.<name>\` with \`type: ${type}\``), type);
  for (const type of ['none', 'page', 'offset', 'cursor', 'link-header']) {
    assert.ok(markdown.includes(`### \`spec.endpoints.<name>.pagination\` with \`type: ${type}\``), type);
  }
  const flow = referenceDocs(await readSchemas())['docs/reference/flow.md']!;
  for (const kind of ['receive', 'filter', 'map', 'send', 'publish']) assert.ok(flow.includes(`### \`spec.steps[].${kind}\`\n`), kind);
  for (const trigger of ['schedule', 'webhook', 'event', 'manual']) assert.ok(flow.includes(`### \`spec.trigger.${trigger}\`\n`), trigger);
});

test('the same schemas give the same bytes', async () => {
  assert.equal(referenceDocs(await readSchemas()), referenceDocs(await readSchemas()));
});

test('a keyword the generator cannot render stops it instead of vanishing from the docs', async () => {
  const schemas = await readSchemas();
  const flow = structuredClone(schemas['flow.schema.json']!) as Record<string, any>;
  flow.$defs.flowSpec.properties.concurrency.multipleOf = 2;
  assert.throws(() => referenceDocs({ ...schemas, 'flow.schema.json': flow }), /multipleOf/);
});

/** A scratch copy of what scripts/gen.mjs reads and writes, to run its --check against. */
async function scratchRepository(): Promise<string> {
  const directory = await makeTemporaryDirectory('weft-gen-docs-');
  for (const part of ['scripts', 'schemas', 'src/generated', 'docs/reference']) {
    await cp(path.join(repoRoot, part), path.join(directory, part), { recursive: true });
  }
  await symlink(path.join(repoRoot, 'node_modules'), path.join(directory, 'node_modules'));
  return directory;
}

function check(directory: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['scripts/gen.mjs', '--check'], { cwd: directory, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

test('gen.mjs --check passes on the repository as committed and fails on a stale or extra page', async () => {
  const directory = await scratchRepository();
  try {
    assert.is(check(directory).status, 0);

    const flowPage = path.join(directory, 'docs/reference/flow.md');
    const committed = await readFile(flowPage, 'utf8');
    await writeFile(flowPage, committed.replace('At most this many runs of the flow at once.', 'At most this many runs.'));
    let result = check(directory);
    assert.is(result.status, 1);
    assert.match(result.stderr, 'docs/reference/flow.md is stale');
    await writeFile(flowPage, committed);

    // A schema edited without regenerating: the page that documents it is stale.
    const schemaFile = path.join(directory, 'schemas/instance.schema.json');
    const schema = await readFile(schemaFile, 'utf8');
    await writeFile(schemaFile, schema.replace('One of the connector\'s auth methods.', 'One of the auth methods.'));
    result = check(directory);
    assert.is(result.status, 1);
    assert.match(result.stderr, 'docs/reference/instance.md is stale');
    await writeFile(schemaFile, schema);

    await mkdir(path.join(directory, 'docs/reference'), { recursive: true });
    await writeFile(path.join(directory, 'docs/reference/old-kind.md'), '# gone\n');
    result = check(directory);
    assert.is(result.status, 1);
    assert.match(result.stderr, 'docs/reference/old-kind.md is not generated');
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test.run();
