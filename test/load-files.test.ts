import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ExpressionWorker, loadFiles, workerFailures } from '../src/pipeline/load-files.js';
import { finishLoading, startFilesHere } from '../src/pipeline/load-file.js';
import { validateProject } from '../src/pipeline/validate-project.js';
import { generateProject } from '../bench/generate.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../src/discover/discover.js';

const test = suite('load-files');

/** Runs `test` in a generated project of `resources` resources, removed after. */
async function inGeneratedProject(resources: number, test: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'weft-load-'));
  try {
    await generateProject(root, resources);
    await test(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}


test('worker threads load exactly what the main thread loads, in order', async () => {
  await inGeneratedProject(300, async (root) => {
    await writeFile(path.join(root, 'flows', 'broken.yaml'), 'a: [1\n');
    const files = await discoverFiles(root);
    const inProcess = await loadFiles(root, files, { WEFT_WORKERS: '0' });
    const inWorkers = await loadFiles(root, files, { WEFT_WORKERS: '2' });
    assert.equal(inWorkers, inProcess);
    assert.is(inWorkers.length, files.length);
  });
});

test('the expression worker gives each file the facts the main thread works out, errors and unknown calls included', async () => {
  await inGeneratedProject(300, async (root) => {
    const files = await discoverFiles(root);
    // Expressions that do not parse, call what is not defined, read a lookup: in one file, and one each in others.
    // Nested thousands deep: the main thread's stack would give out where a worker's does not; refused alike.
    const broken = ['$count(items) > = 2', '$nosuch(x) and $lookup(\'countries\', code)', '(a; b', "x ~> $frobnicate()", `${'('.repeat(4000)}x = 1${')'.repeat(4000)}`];
    const flows = files.filter((file) => file.startsWith('flows/'));
    let edited = 0;
    for (const [index, file] of flows.slice(0, broken.length).entries()) {
      const text = await readFile(path.join(root, file), 'utf8');
      const changed = text.replace(/^(\s+filter:) .*$/m, `$1 ${JSON.stringify(broken[index])}`);
      if (changed !== text) edited++;
      await writeFile(path.join(root, file), changed);
    }
    assert.ok(edited > 0, 'some generated flow has a filter to break');
    const inProcess = await loadFiles(root, files, { WEFT_WORKERS: '0' });
    const withWorker = await loadFiles(root, files, { WEFT_EXPRESSION_WORKER: '1' });
    assert.equal(withWorker, inProcess);
    const facts = withWorker.flatMap((loaded) => loaded.expressions ?? []);
    assert.ok(facts.length > 300, `${facts.length} expressions`);
    assert.ok(facts.some(([, fact]) => fact.error !== undefined), 'an error crossed the thread');
    assert.ok(facts.some(([, fact]) => fact.unknownCalls.length > 0), 'an unknown call crossed the thread');
    assert.ok(facts.some(([, fact]) => fact.error?.message === 'brackets nested more than 128 levels deep'), 'the deep expression was refused');
  });
});

test('files the expression worker reads are loaded as those read on the main thread: links, special files and bad text included', async () => {
  await inGeneratedProject(300, async (root) => {
    await writeFile(path.join(root, 'flows', 'zz-binary.yaml'), Uint8Array.from([0, 1, 2, 3]));
    await writeFile(path.join(root, 'flows', 'zz-latin1.yaml'), Uint8Array.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    await writeFile(path.join(root, 'flows', 'zz-utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')]));
    await writeFile(path.join(root, 'flows', 'zz-cr.yaml'), 'apiVersion: weft/v1\rkind: Flow\r');
    await symlink(path.join(root, 'weft.yaml'), path.join(root, 'flows', 'zz-link.yaml'));
    // What the worker looks at in a text for the main thread: what only yaml reads right (an
    // anchor and its alias, a tab, .inf), a character js-yaml calls non-printable, a token in a comment.
    await writeFile(path.join(root, 'flows', 'zz-yaml-only.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: &m { name: zz-yaml-only }\nextra:\t*m\nlimit: .inf\n');
    await writeFile(path.join(root, 'flows', 'zz-bell.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: zz-bell, description: "ring \u0007" }\nx: a &anchor\n');
    await writeFile(path.join(root, 'flows', 'zz-commented.yaml'), `# token: ghp_${'a1B2c3D4e5'.repeat(4)}abcd\napiVersion: weft/v1\n`);
    const files = await discoverFiles(root);
    assert.ok(files.includes('flows/zz-link.yaml'));
    // Every file read by the worker (as loadFiles has it read them ahead of this thread), then loaded.
    const worker = await ExpressionWorker.start();
    let reads;
    try {
      reads = (await worker.read(root, files))!;
      // A batch the main thread claimed first is left to it; one the worker claims is the worker's to read.
      const claims = new Int32Array(new SharedArrayBuffer(8));
      Atomics.store(claims, 0, 1);
      assert.is(await worker.read(root, files, { claims, slot: 0 }), undefined);
      assert.equal(await worker.read(root, files, { claims, slot: 1 }), reads);
      assert.is(Atomics.load(claims, 1), 2);
      assert.is(Atomics.compareExchange(claims, 1, 0, 1), 2, 'the main thread sees the batch is the worker\'s');
    } finally {
      await worker.stop();
    }
    const unread = files.filter((_, index) => reads[index] === null);
    assert.equal(unread.sort(), ['flows/zz-binary.yaml', 'flows/zz-latin1.yaml', 'flows/zz-link.yaml'], 'read the careful way, here');
    assert.ok(reads.find((read, index) => files[index] === 'flows/zz-bell.yaml')!.telltales!.mayBeNonPrintable);
    const here = finishLoading(await startFilesHere(root, files));
    assert.equal(finishLoading(await startFilesHere(root, files, reads)), here);
    assert.ok(here.find((loaded) => loaded.file === 'flows/zz-commented.yaml')!.findings.some((finding) => finding.code === 'plaintext-secret'));
    // And loadFiles with the worker, whichever batches it read in time.
    assert.equal(await loadFiles(root, files, { WEFT_EXPRESSION_WORKER: '1' }), await loadFiles(root, files, { WEFT_WORKERS: '0' }));
  });
});

test('a worker that fails (out of memory) costs only time: what it had not given back is loaded on the main thread', async () => {
  await inGeneratedProject(300, async (root) => {
    await writeFile(path.join(root, 'flows', 'broken.yaml'), 'a: [1\n');
    const files = await discoverFiles(root);
    const inProcess = await loadFiles(root, files, { WEFT_WORKERS: '0' });
    // A heap of 4 MB: each worker runs out of memory as it starts, with a batch given to it.
    for (const env of [{ WEFT_WORKERS: '2', WEFT_WORKER_HEAP_MB: '4' }, { WEFT_EXPRESSION_WORKER: '1', WEFT_WORKER_HEAP_MB: '4' }]) {
      const before = workerFailures();
      assert.equal(await loadFiles(root, files, env), inProcess, JSON.stringify(env));
      assert.ok(workerFailures() > before, `${JSON.stringify(env)}: the workers failed`);
    }
    // Enough heap: no failure, the same files.
    const before = workerFailures();
    assert.equal(await loadFiles(root, files, { WEFT_WORKERS: '2', WEFT_WORKER_HEAP_MB: '512' }), inProcess);
    assert.is(workerFailures(), before);
  });
});

test('one bad file among many does not stop the others from being reported (parse workers on)', async () => {
  await inGeneratedProject(420, async (root) => {
    await writeFile(path.join(root, 'flows', 'aaa-binary.yaml'), Uint8Array.from([0, 1, 2, 3]));
    await writeFile(path.join(root, 'flows', 'mmm-syntax.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: [x\n');
    const connectors = await discoverFiles(path.join(root, 'connectors'));
    const last = path.join(root, 'connectors', connectors.at(-1)!);
    await writeFile(last, (await readFile(last, 'utf8')).replace(/version: [^\n]+/, 'version: one'));
    const result = await validateProject(root, { env: { WEFT_WORKERS: '1' } });
    const codes = result.diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.code}`);
    assert.ok(codes.includes('flows/aaa-binary.yaml:yaml-syntax'), codes.join('\n'));
    assert.ok(codes.some((code) => code.startsWith('flows/mmm-syntax.yaml:yaml-syntax')), codes.join('\n'));
    assert.ok(codes.includes(`connectors/${connectors.at(-1)}:schema`), codes.join('\n'));
  });
});

test.run();
