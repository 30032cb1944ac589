import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FileCache } from '../src/cache/file-cache.js';
import type { RuleMemo } from '../src/check/context.js';
import { discoverFiles } from '../src/discover/discover.js';
import { loadFiles } from '../src/pipeline/load-files.js';
import { validateAllEnvironments } from '../src/pipeline/validate-project.js';
import { copyFixture, removeTemporaryDirectory } from './helpers/run-weft.js';

const build = 'a'.repeat(32);
const env = { WEFT_WORKERS: '0' };
const cacheFile = (root: string) => path.join(root, '.weft', 'cache', 'files.bin');

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
    for (const loaded of cacheable) assert.ok(second.get(loaded.file, loaded.text), `${loaded.file} is in the cache`);
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
    ['a credential dropped from an instance', () => edit('instances/shopify.yaml', (text) => text.replace(/\n    [a-zA-Z]+: "?\$\{(secret|env):[^\n]*/, ''))],
    ['a flow made unknown to its instance', () => edit('flows/orders-to-netsuite.yaml', (text) => text.replace(/instance: [a-z0-9-]+/, 'instance: nowhere'))],
    ['a broken expression', () => edit('flows/orders-to-netsuite.yaml', (text) => text.replace("filter: financial_status = 'paid'", "filter: financial_status = = 'paid'"))],
    ['a file removed', () => rm(path.join(root, 'flows', 'orders-to-warehouse.yaml'))],
    ['the project file changed', () => edit('weft.yaml', (text) => `${text}\n# a comment\n`)],
  ];
  const counts: number[] = [];
  try {
    for (const [what, apply] of edits) {
      await apply();
      const expected = await plainValidate(root);
      counts.push(expected.length);
      const cold = await cachedValidate(root);
      assert.equal(cold.diagnostics, expected, `${what}: the run that fills the cache`);
      const warm = await cachedValidate(root);
      assert.ok(warm.hits > 0, `${what}: the cache is used`);
      assert.equal(warm.diagnostics, expected, `${what}: the run from the cache`);
    }
    // The edits did what they say: each breaking one adds diagnostics (the removed flow was the last user of an instance).
    assert.equal(counts.map((count, index) => index > 0 && count > counts[index - 1]!), [false, true, false, true, true, true, true, false], counts.join(' '));
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

test.run();
