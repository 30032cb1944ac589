import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { deserialize } from 'node:v8';
import path from 'node:path';
import { cachedValuesRead, FileCache } from '../src/cache/file-cache.js';
import type { RuleMemo } from '../src/check/context.js';
import { discoverFiles } from '../src/discover/discover.js';
import { loadFiles } from '../src/pipeline/load-files.js';
import { readPlainText } from '../src/pipeline/load-file.js';
import { validateAllEnvironments } from '../src/pipeline/validate-project.js';
import { copyFixture, removeTemporaryDirectory } from './helpers/run-weft.js';

const build = 'a'.repeat(32);
const env = { WEFT_WORKERS: '0' };
const cacheFile = (root: string) => path.join(root, '.weft', 'cache', 'files.bin');
const deltaFile = (root: string) => path.join(root, '.weft', 'cache', 'files.delta.bin');

/** The keys a delta puts (file and hash) and removes, read as FileCache writes them: a header, two seals, the payload. */
async function deltaKeys(root: string): Promise<{ put: string[]; removed: string[] }> {
  const data = await readFile(deltaFile(root));
  const delta = deserialize(data.subarray('weft-file-cache-delta-1\n'.length + 64)) as { put: [string, unknown][]; removed: string[] };
  return { put: delta.put.map(([key]) => key.split('\0')[0]!), removed: delta.removed.map((key) => key.split('\0')[0]!) };
}

/** A file of the project as the cache has it for its content on disk now (read as the loader reads it). */
function cachedFile(cache: FileCache, root: string, file: string) {
  const read = readPlainText(root, file)!;
  return cache.get(file, read.text, read.stamp);
}

async function edit(root: string, file: string, change: (text: string) => string): Promise<string> {
  const target = path.join(root, file);
  const text = change(await readFile(target, 'utf8'));
  await writeFile(target, text);
  return text;
}

/** validate with the file cache and its check results, as `weft validate` does, saving after. */
async function cachedValidate(root: string, buildId = build) {
  const fileCache = FileCache.open(root, buildId);
  const memo: RuleMemo = new WeakMap();
  const result = await validateAllEnvironments(root, { env, fileCache, memo });
  fileCache.save(memo);
  return { diagnostics: result.diagnostics, hits: fileCache.size };
}

async function plainValidate(root: string) {
  return (await validateAllEnvironments(root, { env })).diagnostics;
}

test('a file of the same text is taken from the cache, loaded as it would be; a changed one is parsed; the cache keeps the files of the last run only', async () => {
  const root = await copyFixture('examples/acme');
  try {
    const files = await discoverFiles(root);
    const fresh = await loadFiles(root, files, env);
    const first = FileCache.open(root, build);
    assert.is(first.size, 0);
    assert.equal(await loadFiles(root, files, env, first), fresh);
    first.save();
    const second = FileCache.open(root, build);
    // All but the lookup tables' files (their entries may come from CSV files: parsed each time).
    const cacheable = fresh.filter((loaded) => !loaded.resources.some((resource) => resource.kind === 'Lookup'));
    assert.ok(cacheable.length > 10 && cacheable.length < fresh.length);
    assert.is(second.size, cacheable.length);
    for (const loaded of cacheable) assert.ok(cachedFile(second, root, loaded.file), `${loaded.file} is in the cache`);
    assert.equal(await loadFiles(root, files, env, FileCache.open(root, build)), fresh);
    // One file changed: parsed (its new findings), the old text's entry dropped on save.
    const changed = path.join(root, 'flows', 'orders-to-netsuite.yaml');
    await writeFile(changed, (await readFile(changed, 'utf8')).replace('kind: Flow', 'kind: Flaw'));
    const third = FileCache.open(root, build);
    const loaded = await loadFiles(root, files, env, third);
    assert.equal(loaded, await loadFiles(root, files, env));
    assert.ok(loaded.find((file) => file.file === 'flows/orders-to-netsuite.yaml')!.findings.length > 0);
    third.save();
    assert.is(FileCache.open(root, build).size, cacheable.length);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('through a sequence of edits, a validation from the cache (parsed files and check results) reports exactly what one without it reports', async () => {
  const root = await copyFixture('examples/acme');
  const edit = async (file: string, change: (text: string) => string) => {
    const target = path.join(root, file);
    await writeFile(target, change(await readFile(target, 'utf8')));
  };
  const edits: [string, () => Promise<void>][] = [
    ['nothing', async () => undefined],
    // A connector renamed: the instances that use it break, in files the edit did not touch.
    ['a connector renamed', () => edit('connectors/shopify.yaml', (text) => text.replace(/^  name: shopify$/m, '  name: shopify-store'))],
    ['it is named back', () => edit('connectors/shopify.yaml', (text) => text.replace(/^  name: shopify-store$/m, '  name: shopify'))],
    // Instances renamed and added: the flows that name them change what they say, in files the edits did not touch.
    ['an instance renamed', () => edit('instances/warehouse-eu.yaml', (text) => text.replace(/^  name: warehouse-eu$/m, '  name: warehouse-europe'))],
    ['an instance of a closer name added', async () => writeFile(path.join(root, 'instances', 'warehouse-eux.yaml'), (await readFile(path.join(root, 'instances', 'warehouse-us.yaml'), 'utf8')).replace(/^  name: warehouse-us$/m, '  name: warehouse-eux'))],
    ['the instance named back', () => edit('instances/warehouse-eu.yaml', (text) => text.replace(/^  name: warehouse-europe$/m, '  name: warehouse-eu'))],
    ['the added instance removed', () => rm(path.join(root, 'instances', 'warehouse-eux.yaml'))],
    // A connector requires a credential one instance does not supply (the instances' file untouched), then no longer.
    ['a connector requires another credential', () => edit('connectors/shopify.yaml', (text) => text.replace('apiSecret: { description: webhook signing secret of the custom app, required: false }', 'apiSecret: { description: webhook signing secret of the custom app }'))],
    ['it is optional again', () => edit('connectors/shopify.yaml', (text) => text.replace('apiSecret: { description: webhook signing secret of the custom app }', 'apiSecret: { description: webhook signing secret of the custom app, required: false }'))],
    // A lookup table renamed: the flow that reads it (untouched) reads a table that is not defined.
    ['a lookup table renamed', () => edit('lookups/netsuite-countries.yaml', (text) => text.replace(/^  name: netsuite-countries$/m, '  name: netsuite-country-codes'))],
    ['it is named back', () => edit('lookups/netsuite-countries.yaml', (text) => text.replace(/^  name: netsuite-country-codes$/m, '  name: netsuite-countries'))],
    ['a credential dropped from an instance', () => edit('instances/shopify.yaml', (text) => text.replace(/\n    [a-zA-Z]+: "?\$\{(secret|env):[^\n]*/, ''))],
    ['a flow made unknown to its instance', () => edit('flows/orders-to-netsuite.yaml', (text) => text.replace(/instance: [a-z0-9-]+/, 'instance: nowhere'))],
    ['a broken expression', () => edit('flows/orders-to-netsuite.yaml', (text) => text.replace("filter: financial_status = 'paid'", "filter: financial_status = = 'paid'"))],
    ['a file removed', () => rm(path.join(root, 'flows', 'orders-to-warehouse.yaml'))],
    ['the project file changed', () => edit('weft.yaml', (text) => `${text}\n# a comment\n`)],
  ];
  const counts: number[] = [];
  const hints: string[] = [];
  try {
    for (const [what, apply] of edits) {
      await apply();
      const expected = await plainValidate(root);
      counts.push(expected.length);
      hints.push(expected.map((diagnostic) => diagnostic.hint ?? '').join('|'));
      const cold = await cachedValidate(root);
      assert.equal(cold.diagnostics, expected, `${what}: the run that fills the cache`);
      const warm = await cachedValidate(root);
      assert.ok(warm.hits > 0, `${what}: the cache is used`);
      assert.equal(warm.diagnostics, expected, `${what}: the run from the cache`);
    }
    // The edits did what they say: each breaking one adds diagnostics (the removed flow was the last user of an instance).
    assert.equal(counts.map((count, index) => index > 0 && count > counts[index - 1]!), [false, true, false, true, false, false, false, true, false, true, false, true, true, true, true, false], counts.join(' '));
    // The instance of a closer name changed the suggestion made in the untouched flows.
    assert.match(hints[3]!, "did you mean 'warehouse-us'?");
    assert.match(hints[4]!, "did you mean 'warehouse-eux'?");
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('a cache from another build, edited by hand, cut short or not a cache is not read, and is written anew', async () => {
  const root = await copyFixture('examples/acme');
  try {
    const expected = await plainValidate(root);
    await cachedValidate(root);
    const good = await readFile(cacheFile(root));
    assert.is(FileCache.open(root, 'b'.repeat(32)).size, 0, 'another build');
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] = flipped[flipped.length - 10]! ^ 0x01;
    const attempts: [string, Uint8Array][] = [
      ['a byte of the payload changed', flipped],
      ['cut short', good.subarray(0, good.length - 100)],
      ['the header only', good.subarray(0, 20)],
      ['not a cache', Buffer.from('garbage\n')],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, content] of attempts) {
      await writeFile(cacheFile(root), content);
      assert.is(FileCache.open(root, build).size, 0, what);
      const result = await cachedValidate(root);
      assert.equal(result.diagnostics, expected, what);
      assert.ok(FileCache.open(root, build).size > 0, `${what}: written anew`);
    }
    // A read-only place: nothing written, nothing thrown.
    await rm(path.join(root, '.weft'), { recursive: true });
    await writeFile(path.join(root, '.weft'), 'a file where the folder would be');
    const blocked = FileCache.open(root, build);
    await loadFiles(root, await discoverFiles(root), env, blocked);
    blocked.save();
    assert.not.ok(existsSync(cacheFile(root)));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('a run that changed a few files writes only those, beside the whole; the next run reads both; many changes write the whole again', async () => {
  const root = await copyFixture('examples/acme');
  try {
    // Forty more flows, so that "a few" and "many" differ (a delta holds up to an eighth of the files, or 16).
    const flow = await readFile(path.join(root, 'flows', 'orders-to-warehouse.yaml'), 'utf8');
    for (let index = 0; index < 40; index++) await writeFile(path.join(root, 'flows', `copy-${index}.yaml`), flow.replace(/^  name: orders-to-warehouse$/m, `  name: orders-to-warehouse-${index}`));
    await cachedValidate(root);
    assert.not.ok(existsSync(deltaFile(root)), 'the first run writes the whole only');
    const whole = await readFile(cacheFile(root));

    // One flow's description edited: only its file is in the delta. Every other file's check
    // results replay under the same keys in a new run (an instance's settings are checked
    // against its connector, named by its file's hash, not by an object of the last process).
    const text = await edit(root, 'flows/copy-3.yaml', (source) => source.replace(/^(  name: orders-to-warehouse-3)$/m, '$1\n  description: edited'));
    const expected = await plainValidate(root);
    const read = cachedValuesRead();
    assert.equal((await cachedValidate(root)).diagnostics, expected);
    // The flows read from the cache are not unpacked to check them again: only the example's
    // own resources that its environments patch or use (and the flows its tests run) are, about
    // twenty; none of the forty copies.
    const unpacked = cachedValuesRead() - read;
    assert.ok(unpacked <= 25, `${unpacked} values unpacked`);
    assert.equal(await readFile(cacheFile(root)), whole, 'the whole is not written again');
    assert.equal(await deltaKeys(root), { put: ['flows/copy-3.yaml'], removed: ['flows/copy-3.yaml'] });
    assert.ok(cachedFile(FileCache.open(root, build), root, 'flows/copy-3.yaml'), 'the edited file is read from the delta');

    // Nothing changed: nothing written.
    const delta = await readFile(deltaFile(root));
    assert.equal((await cachedValidate(root)).diagnostics, expected);
    assert.equal(await readFile(deltaFile(root)), delta);
    assert.equal(await readFile(cacheFile(root)), whole);

    // A second file: the delta holds both changes since the whole, and a file removed.
    await edit(root, 'flows/copy-4.yaml', (source) => `${source}\n# a comment\n`);
    await rm(path.join(root, 'flows', 'copy-5.yaml'));
    assert.equal((await cachedValidate(root)).diagnostics, await plainValidate(root));
    const keys = await deltaKeys(root);
    assert.equal(keys.put.sort(), ['flows/copy-3.yaml', 'flows/copy-4.yaml']);
    assert.equal(keys.removed.sort(), ['flows/copy-3.yaml', 'flows/copy-4.yaml', 'flows/copy-5.yaml']);

    // Most files changed: the whole is written again and the delta removed.
    for (let index = 6; index < 40; index++) await edit(root, `flows/copy-${index}.yaml`, (source) => `# changed\n${source}`);
    const many = await plainValidate(root);
    assert.equal((await cachedValidate(root)).diagnostics, many);
    assert.not.ok(existsSync(deltaFile(root)));
    assert.not.equal(await readFile(cacheFile(root)), whole);
    assert.equal((await cachedValidate(root)).diagnostics, many);
    assert.not.ok(existsSync(deltaFile(root)), 'a run with nothing changed writes no delta');
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('a delta made against another whole, edited by hand or cut short is not read', async () => {
  const root = await copyFixture('examples/acme');
  try {
    await cachedValidate(root);
    const text = await edit(root, 'flows/orders-to-netsuite.yaml', (source) => `${source}\n# edited\n`);
    const expected = await plainValidate(root);
    await cachedValidate(root);
    assert.ok(cachedFile(FileCache.open(root, build), root, 'flows/orders-to-netsuite.yaml'));
    const good = await readFile(deltaFile(root));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] = flipped[flipped.length - 10]! ^ 0x01;
    for (const [what, content] of [
      ['a byte of the payload changed', flipped],
      ['cut short', good.subarray(0, good.length - 10)],
      ['the header only', good.subarray(0, 30)],
      ['not a delta', Buffer.from('garbage\n')],
    ] as [string, Uint8Array][]) {
      await writeFile(deltaFile(root), content);
      const cache = FileCache.open(root, build);
      assert.not.ok(cachedFile(cache, root, 'flows/orders-to-netsuite.yaml'), what);
      assert.ok(cache.size > 10, `${what}: the whole is still read`);
      assert.equal((await cachedValidate(root)).diagnostics, expected, what);
    }
    // Another run wrote the whole again meanwhile (the cache removed, written anew from other
    // files): the old delta, put back, was made against the old whole and is not read.
    await cachedValidate(root);
    const old = path.join(root, 'old-delta.bin');
    await copyFile(deltaFile(root), old);
    await rm(path.join(root, '.weft'), { recursive: true });
    await edit(root, 'flows/orders-to-warehouse.yaml', (source) => `${source}\n# another\n`);
    await cachedValidate(root);
    await copyFile(old, deltaFile(root));
    await rm(old);
    const reread = FileCache.open(root, build);
    assert.ok(reread.size > 10);
    assert.ok(cachedFile(reread, root, 'flows/orders-to-netsuite.yaml'), 'from the new whole');
    assert.equal((await cachedValidate(root)).diagnostics, await plainValidate(root));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test.run();
