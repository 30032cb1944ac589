import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { IncrementalProject } from '../src/watch/incremental-project.js';
import { FileCache } from '../src/cache/file-cache.js';
import { validateAllEnvironments, validateProject, type ValidationResult } from '../src/pipeline/validate-project.js';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot } from './helpers/run-weft.js';
import { listFiles } from './helpers/temp-project.js';
import { fuzzSeed } from './helpers/fuzz-seed.js';
import { singleAcme } from './helpers/single-acme.js';

/**
 * Watch mode's IncrementalProject keeps loaded files and per-resource findings between changes.
 * Whatever sequence of edits happens, validating it after `update(touched paths)` must give what
 * a full `validateProject` of the directory gives. Every run takes a new seed and a failure names
 * it: WEFT_FUZZ_SEED=<seed> replays it, and WEFT_FUZZ_RUNS explores further.
 */
const test = suite('incremental-project');

const fuzz = fuzzSeed();
const runs = fuzz.runs;

const acmeRoot = singleAcme();

let scratch = '';
let projectCounter = 0;
/** The example's files as shipped, for steps that restore one. */
let originals = new Map<string, string>();

test.before(async () => {
  scratch = await makeTemporaryDirectory('weft-incremental-');
  originals = new Map();
  for (const file of await listFiles(acmeRoot)) originals.set(file, await readFile(path.join(acmeRoot, file), 'utf8'));
});

test.after(async () => {
  await removeTemporaryDirectory(scratch);
});

/** A fresh copy of examples/acme. */
async function freshCopy(): Promise<string> {
  const root = path.join(scratch, `acme-${++projectCounter}`);
  await cp(acmeRoot, root, { recursive: true });
  return root;
}


/** Every directory below the root (not the root), relative with '/'. */
async function listDirectories(root: string, relative = ''): Promise<string[]> {
  const directories: string[] = [];
  for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    directories.push(name, ...(await listDirectories(root, name)));
  }
  return directories.sort();
}

/** The YAML files a step may edit: every one except the project file. */
async function editable(root: string): Promise<string[]> {
  return (await listFiles(root)).filter((file) => /\.ya?ml$/.test(file) && file !== 'weft.yaml');
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** What a comparison of the two results looks at. */
function essentials(result: ValidationResult) {
  return {
    files: result.project.files,
    diagnostics: result.diagnostics,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    suppressed: result.suppressed,
  };
}

/** The incremental result after `update(touched)` equals a full validation of the directory. */
async function assertSameAsFull(project: IncrementalProject, root: string, touched: string[], what: string): Promise<void> {
  await project.update(touched);
  const incremental = essentials(project.validate());
  const full = essentials(await validateProject(root));
  assert.equal(incremental.files, full.files, `${what}: files differ`);
  assert.equal(incremental.diagnostics, full.diagnostics, `${what}: diagnostics differ`);
  assert.is(incremental.errorCount, full.errorCount, `${what}: errorCount differs`);
  assert.is(incremental.warningCount, full.warningCount, `${what}: warningCount differs`);
  assert.equal(incremental.suppressed, full.suppressed, `${what}: suppressed differ`);
}

// ---------------------------------------------------------------------------------------------
// Edit steps: each applies itself to the directory and returns the paths it touched.

/** `file` (in hand-written sequences) names the target; generated steps pick by index. */
type Step = { file?: string } & (
  | { kind: 'version'; pick: number; version: string }
  | { kind: 'rename'; pick: number; name: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'copy'; pick: number; to: string; name: string | undefined }
  | { kind: 'break-yaml'; pick: number }
  | { kind: 'ignore-comment'; pick: number }
  | { kind: 'move'; pick: number; folder: string }
  | { kind: 'ignored-file'; where: string; pick: number }
  | { kind: 'exclude'; globs: readonly string[] }
  | { kind: 'remove-folder'; pick: number }
  | { kind: 'replace-folder'; pick: number }
  | { kind: 'restore'; pick: number }
  | { kind: 'write'; text: string }
  | { kind: 'replace'; from: string; to: string }
);

const resourceNames = ['netsuite', 'shopify', 'rabbitmq', 'warehouse', 'shopify-uk', 'warehouse-us', 'netsuite-prod', 'orders-to-netsuite', 'shipments-to-shopify', 'renamed-a', 'renamed-b'];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('version' as const), pick: fc.nat(), version: fc.constantFrom('banana', '9.9.9', '1.4.0', '2.1.0', '3.2.1', '1.0.0', '0.1') }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name: fc.constantFrom(...resourceNames) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('copy' as const),
    pick: fc.nat(),
    to: fc.constantFrom('copy-a.yaml', 'copy-b.yml', 'flows/copy-c.yaml', 'instances/copy-d.yaml'),
    name: fc.option(fc.constantFrom('copied-a', 'copied-b'), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('break-yaml' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ignore-comment' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), folder: fc.constantFrom('nested', 'nested/deeper', 'flows/sub', 'extra') }),
  fc.record({
    kind: fc.constant('ignored-file' as const),
    where: fc.constantFrom('.hidden/x.yaml', '.weft/x.yaml', 'node_modules/pkg/x.yaml', 'fixtures/new.yaml', 'fixtures/deep/er.yaml', 'flows/.draft.yaml', 'notes.txt'),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('exclude' as const),
    globs: fc.constantFrom(['fixtures/**'], [], ['fixtures/**', 'flows/**'], ['fixtures/**', '**/shopify*'], ['fixtures/**', 'instances/warehouse-*.yaml'], ['fixtures/**', 'nested/**', 'extra']),
  }),
  fc.record({ kind: fc.constant('remove-folder' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace-folder' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
);

async function applyStep(root: string, s: Step): Promise<string[]> {
  const at = (relative: string) => path.join(root, ...relative.split('/'));
  const files = await editable(root);
  const target = s.file ?? pick(files, 'pick' in s ? s.pick : 0);
  switch (s.kind) {
    case 'version': {
      if (!target) return [];
      const text = await readFile(at(target), 'utf8');
      await writeFile(at(target), text.replace(/^(  version: ).*$/m, `$1${s.version}`));
      return [target];
    }
    case 'rename': {
      if (!target) return [];
      const text = await readFile(at(target), 'utf8');
      await writeFile(at(target), text.replace(/^(metadata:\n(?:  #.*\n)*  name: ).*$/m, `$1${s.name}`));
      return [target];
    }
    case 'delete': {
      if (!target) return [];
      await unlink(at(target));
      return [target];
    }
    case 'copy': {
      if (!target) return [];
      let text = await readFile(at(target), 'utf8');
      if (s.name !== undefined) text = text.replace(/^(metadata:\n(?:  #.*\n)*  name: ).*$/m, `$1${s.name}`);
      await mkdir(path.dirname(at(s.to)), { recursive: true });
      await writeFile(at(s.to), text);
      return [s.to];
    }
    case 'break-yaml': {
      if (!target) return [];
      const text = await readFile(at(target), 'utf8');
      await writeFile(at(target), text.includes('broken: [') ? text.replace(/\nbroken: \[unterminated, "x\n/, '\n') : `${text}\nbroken: [unterminated, "x\n`);
      return [target];
    }
    case 'ignore-comment': {
      if (!target) return [];
      const text = await readFile(at(target), 'utf8');
      // Above the first metadata.name: where unused-instance is reported.
      await writeFile(at(target), text.replace(/^(metadata:\n)/m, '$1  # weft-ignore unused-instance: kept for the next migration\n'));
      return [target];
    }
    case 'move': {
      if (!target) return [];
      const to = `${s.folder}/${path.posix.basename(target)}`;
      if (to === target) return [];
      await mkdir(path.dirname(at(to)), { recursive: true });
      await rename(at(target), at(to));
      return [target, to];
    }
    case 'ignored-file': {
      const source = pick([...originals.keys()].filter((file) => file.startsWith('flows/') || file.startsWith('instances/')).sort(), s.pick)!;
      await mkdir(path.dirname(at(s.where)), { recursive: true });
      await writeFile(at(s.where), originals.get(source)!);
      return [s.where];
    }
    case 'exclude': {
      const text = await readFile(at('weft.yaml'), 'utf8');
      await writeFile(at('weft.yaml'), text.replace(/^  exclude: .*$/m, `  exclude: ${JSON.stringify(s.globs)}`));
      return ['weft.yaml'];
    }
    case 'remove-folder': {
      const folder = s.file ?? pick(await listDirectories(root), s.pick);
      if (!folder) return [];
      await rm(at(folder), { recursive: true, force: true });
      return [folder];
    }
    case 'replace-folder': {
      // git checkout of a branch: the folder goes, and comes back with its files as shipped.
      const folder = s.file ?? pick(['connectors', 'flows', 'instances', 'fixtures'], s.pick)!;
      await rm(at(folder), { recursive: true, force: true });
      const restored = [...originals.keys()].filter((file) => file.startsWith(`${folder}/`));
      for (const file of restored) {
        await mkdir(path.dirname(at(file)), { recursive: true });
        await writeFile(at(file), originals.get(file)!);
      }
      return [folder, ...restored];
    }
    case 'replace': {
      const text = await readFile(at(s.file!), 'utf8');
      await writeFile(at(s.file!), text.replaceAll(s.from, s.to));
      return [s.file!];
    }
    case 'write': {
      await mkdir(path.dirname(at(s.file!)), { recursive: true });
      await writeFile(at(s.file!), s.text);
      return [s.file!];
    }
    case 'restore': {
      const original = s.file ?? pick([...originals.keys()].filter((file) => file !== 'weft.yaml' && /\.ya?ml$/.test(file)).sort(), s.pick)!;
      await mkdir(path.dirname(at(original)), { recursive: true });
      await writeFile(at(original), originals.get(original)!);
      return [original];
    }
  }
}

/** Resolves when `run` rejects with a message matching `pattern`; fails otherwise. */
async function rejects(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

function describe(s: Step): string {
  return JSON.stringify(s);
}

// ---------------------------------------------------------------------------------------------

test('the unedited example: the incremental result is the full one', async () => {
  const root = await freshCopy();
  const project = new IncrementalProject(root);
  await project.rediscover();
  const full = essentials(await validateProject(root));
  assert.equal(essentials(project.validate()), full);
  assert.is(full.errorCount, 0);
  assert.is(full.files.length, 19, 'the example is discovered');
});

test('after any sequence of edits, update() then validate() equals a full validateProject', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
      const root = await freshCopy();
      try {
        const project = new IncrementalProject(root);
        await project.rediscover();
        const done: string[] = [];
        for (const s of steps) {
          const touched = await applyStep(root, s);
          done.push(`${describe(s)} -> ${JSON.stringify(touched)}`);
          await assertSameAsFull(project, root, touched, `after\n  ${done.join('\n  ')}\n`);
        }
      } finally {
        await removeTemporaryDirectory(root);
      }
    }),
    { numRuns: runs(15), seed: fuzz.derived(0), endOnFailure: true },
  );
}));

test('several edits, then one update() with every path they touched (as one watch cycle does), equals a full validateProject', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), async (batches) => {
      const root = await freshCopy();
      try {
        const project = new IncrementalProject(root);
        await project.rediscover();
        const done: string[] = [];
        for (const batch of batches) {
          const touched: string[] = [];
          for (const s of batch) touched.push(...(await applyStep(root, s)));
          done.push(`${batch.map(describe).join(' + ')} -> ${JSON.stringify(touched)}`);
          await assertSameAsFull(project, root, touched, `after\n  ${done.join('\n  ')}\n`);
        }
      } finally {
        await removeTemporaryDirectory(root);
      }
    }),
    { numRuns: runs(10), seed: fuzz.derived(1), endOnFailure: true },
  );
}));

test('sessions started from the file cache (watch and lsp after validate, or after the last session), with edits between them, equal a full validation', fuzz.replayable(async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(step, { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 4 }), async (batches) => {
      const root = await freshCopy();
      try {
        const done: string[] = [];
        let filesBefore = 0;
        for (const batch of batches) {
          for (const s of batch) await applyStep(root, s);
          done.push(batch.map(describe).join(' + ') || 'nothing');
          // A new session: what the last one left in .weft/cache/ (files and check results), then the files as they are now.
          const cache = FileCache.open(root, 'c'.repeat(32));
          const message = `after\n  ${done.join('\n  ')}\n`;
          // (weft.yaml is not one of the cached files: a project of it alone leaves none; an edit may remove .weft/ itself.)
          if (filesBefore > 1 && existsSync(path.join(root, '.weft', 'cache', 'files.bin'))) assert.ok(cache.size > 0, `${message}the last session left its files in the cache`);
          const project = new IncrementalProject(root, process.env, undefined, cache);
          await project.rediscover();
          const session = essentials(project.validateEveryEnvironment());
          assert.equal(session, essentials(await validateAllEnvironments(root)), message);
          filesBefore = session.files.length;
        }
      } finally {
        await removeTemporaryDirectory(root);
      }
    }),
    { numRuns: runs(8), seed: fuzz.derived(2), endOnFailure: true },
  );
}));

/** A flow with a finding for each check that sweeps the flows; `cron` may never fire. */
function findingsFlow(name: string, cron: string): string {
  return `apiVersion: weft/v1
kind: Flow
metadata:
  name: ${name}
spec:
  trigger:
    schedule: { cron: "${cron}" }
  steps:
    - id: map-first
      map: '{ "id": id, "token": "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" }'
    - id: again
      filter: $undefinedFunction(id)
    - id: shipped
      receive:
        instance: warehouse-eu
        endpoint: listShipments
        input: { since: "{{run.nothing}}" }
    - id: again
      map: '[1..100000000]'
`;
}

// Hand-picked sequences the brief names, so they run whatever the generator picks.
const scenarios: { name: string; steps: Step[] }[] = [
  {
    name: 'invalid connector version and back',
    steps: [
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: 'banana' },
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '9.9.9' },
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '2.1.0' },
    ],
  },
  {
    name: 'a copy under the same name, then renamed',
    steps: [
      { kind: 'copy', pick: 0, file: 'flows/backfill-us-orders.yaml', to: 'flows/copy-c.yaml', name: undefined },
      { kind: 'rename', pick: 0, file: 'flows/copy-c.yaml', name: 'renamed-a' },
      { kind: 'rename', pick: 0, file: 'flows/backfill-us-orders.yaml', name: 'renamed-a' },
    ],
  },
  {
    // The copy comes first (copy-a.yaml sorts before flows/): the flow is a duplicate while it is
    // there, and the only user of shopify-us again once it is gone.
    name: 'a flow shadowed by a copy of the same name, then the copy deleted',
    steps: [
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '2.1.0' },
      { kind: 'copy', pick: 0, file: 'flows/inventory-to-shopify-us.yaml', to: 'copy-a.yaml', name: undefined },
      { kind: 'delete', pick: 0, file: 'copy-a.yaml' },
    ],
  },
  {
    // While shadowed, the flow is not checked: when it comes back, what it gave before (an
    // unknown instance, since defined again) is not what it gives now.
    name: 'a flow naming an excluded instance, shadowed while the instance comes back, then unshadowed',
    steps: [
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '2.1.0' },
      { kind: 'exclude', globs: ['fixtures/**', '**/shopify*'] },
      { kind: 'copy', pick: 0, file: 'flows/inventory-to-shopify-us.yaml', to: 'copy-a.yaml', name: undefined },
      { kind: 'exclude', globs: ['fixtures/**'] },
      { kind: 'delete', pick: 0, file: 'copy-a.yaml' },
    ],
  },
  {
    name: 'a referenced instance deleted, then restored',
    steps: [
      { kind: 'delete', pick: 0, file: 'instances/shopify.yaml' },
      { kind: 'restore', pick: 0, file: 'instances/shopify.yaml' },
    ],
  },
  {
    name: 'broken YAML, then fixed',
    steps: [
      { kind: 'break-yaml', pick: 0, file: 'flows/shipments-to-shopify.yaml' },
      { kind: 'break-yaml', pick: 0, file: 'flows/shipments-to-shopify.yaml' },
    ],
  },
  {
    name: 'a suppression comment on an unused instance, and one that suppresses nothing',
    steps: [
      { kind: 'delete', pick: 0, file: 'flows/inventory-to-shopify-us.yaml' },
      { kind: 'ignore-comment', pick: 0, file: 'instances/warehouse-us.yaml' },
      { kind: 'ignore-comment', pick: 0, file: 'instances/rabbit-prod.yaml' },
      { kind: 'restore', pick: 0, file: 'flows/inventory-to-shopify-us.yaml' },
    ],
  },
  {
    name: 'moved into new folders, excluded, included, removed',
    steps: [
      { kind: 'move', pick: 0, file: 'flows/inventory-to-shopify-us.yaml', folder: 'nested/deeper' },
      { kind: 'move', pick: 0, file: 'connectors/rabbitmq.yaml', folder: 'extra' },
      { kind: 'exclude', globs: ['fixtures/**', 'nested/**', 'extra'] },
      { kind: 'exclude', globs: [] },
      { kind: 'remove-folder', pick: 0, file: 'nested' },
    ],
  },
  {
    name: 'files nobody discovers',
    steps: [
      { kind: 'ignored-file', where: '.hidden/x.yaml', pick: 0 },
      { kind: 'ignored-file', where: '.weft/x.yaml', pick: 0 },
      { kind: 'ignored-file', where: 'node_modules/pkg/x.yaml', pick: 1 },
      { kind: 'ignored-file', where: 'fixtures/deep/er.yaml', pick: 2 },
      { kind: 'ignored-file', where: 'notes.txt', pick: 2 },
    ],
  },
  { name: 'a dot-file YAML is a project file', steps: [{ kind: 'ignored-file', where: 'flows/.draft.yaml', pick: 0 }] },
  {
    name: 'fixtures included, then excluded again',
    steps: [
      { kind: 'exclude', globs: [] },
      { kind: 'exclude', globs: ['fixtures/**'] },
    ],
  },
  {
    // Findings of the checks that sweep the flows (step order, templates, expressions, crons,
    // secrets) kept while the flow is the same object: a connector edited (the same flows), a
    // flow inserted before it and removed, the flow itself edited.
    name: 'findings of one flow kept while other files change around it',
    steps: [
      { kind: 'write', file: 'flows/aaa-findings.yaml', text: findingsFlow('aaa-findings', '0 6 31 2 *') },
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '2.1.0' },
      { kind: 'write', file: 'flows/aa0.yaml', text: findingsFlow('aa0', '0 6 * * *') },
      { kind: 'version', pick: 0, file: 'connectors/netsuite.yaml', version: '1.4.0' },
      { kind: 'delete', pick: 0, file: 'flows/aa0.yaml' },
      { kind: 'write', file: 'flows/aaa-findings.yaml', text: findingsFlow('aaa-findings', '0 6 * * *') },
      { kind: 'write', file: 'zzz-findings.yaml', text: findingsFlow('zzz-findings', '0 6 30 2 *') },
      { kind: 'delete', pick: 0, file: 'flows/shipments-to-shopify.yaml' },
    ],
  },
  {
    // The flows and instances are the same objects; what a flow gives depends on its connector.
    name: "a connector's endpoint renamed, and back",
    steps: [
      { kind: 'replace', file: 'connectors/warehouse.yaml', from: '    listShipments:', to: '    listParcels:' },
      { kind: 'replace', file: 'connectors/warehouse.yaml', from: '    listParcels:', to: '    listShipments:' },
    ],
  },
  { name: 'a whole folder removed', steps: [{ kind: 'remove-folder', pick: 0, file: 'instances' }] },
  {
    name: 'a folder replaced in one go (removed and written again)',
    steps: [
      { kind: 'move', pick: 0, file: 'flows/orders-to-netsuite.yaml', folder: 'flows/sub' },
      { kind: 'replace-folder', pick: 0, file: 'flows' },
    ],
  },
];

test('named edit sequences: update() then validate() equals a full validateProject', async () => {
  for (const scenario of scenarios) {
    const root = await freshCopy();
    try {
      const project = new IncrementalProject(root);
      await project.rediscover();
      for (const [index, s] of scenario.steps.entries()) {
        const touched = await applyStep(root, s);
        await assertSameAsFull(project, root, touched, `${scenario.name}, step ${index + 1} ${describe(s)} -> ${JSON.stringify(touched)}`);
      }
    } finally {
      await removeTemporaryDirectory(root);
    }
  }
});

test('an instance renamed (as many instances as before): the next cycle suggests the new name, not one from the old names', async () => {
  const root = await freshCopy();
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    const hintsFor = (result: ValidationResult, name: string) =>
      result.diagnostics.filter((d) => d.code === 'unknown-instance' && d.message.includes(`instance '${name}'`)).map((d) => `${d.file}: ${d.hint ?? '(no hint)'}`);

    // A flow names 'erp-prd': no instance is close to it yet.
    const flow = path.join(root, 'flows', 'orders-to-netsuite.yaml');
    await writeFile(flow, (await readFile(flow, 'utf8')).replace('send: { instance: netsuite-prod,', 'send: { instance: erp-prd,'));
    await project.update(['flows/orders-to-netsuite.yaml']);
    assert.equal(hintsFor(project.validate(), 'erp-prd'), ['flows/orders-to-netsuite.yaml: (no hint)']);

    // netsuite-prod becomes erp-prod: the same number of instances, other names.
    const instance = path.join(root, 'instances', 'netsuite-prod.yaml');
    await writeFile(instance, (await readFile(instance, 'utf8')).replace(/^  name: netsuite-prod$/m, '  name: erp-prod'));
    await project.update(['instances/netsuite-prod.yaml']);
    const renamed = project.validate();
    assert.equal(hintsFor(renamed, 'erp-prd'), ["flows/orders-to-netsuite.yaml: did you mean 'erp-prod'?"]);
    assert.equal(essentials(renamed), essentials(await validateProject(root)));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("a connector whose settings schema has $id, edited twice: no 'already exists' from ajv's cache, and the edits take effect", async () => {
  const root = await freshCopy();
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    const connector = path.join(root, 'connectors', 'warehouse.yaml');
    const original = await readFile(connector, 'utf8');
    const withId = (pattern: string) =>
      original.replace('  settings:\n    type: object\n', '  settings:\n    $id: https://example.com/warehouse-settings\n    type: object\n').replace('pattern: "^[A-Z]{3}[0-9]$"', `pattern: "${pattern}"`);
    const schemaErrors = (result: ValidationResult) => result.diagnostics.filter((d) => /already exists|settings schema/.test(d.message)).map((d) => `${d.code}: ${d.message}`);

    await writeFile(connector, withId('^[A-Z]{3}[0-9]$'));
    await project.update(['connectors/warehouse.yaml']);
    const first = project.validate();
    assert.equal(schemaErrors(first), []);
    assert.equal(essentials(first), essentials(await validateProject(root)));

    // The same $id, another schema: ajv must not find the first one registered under it.
    await writeFile(connector, withId('^[0-9]{4}$'));
    await project.update(['connectors/warehouse.yaml']);
    const second = project.validate();
    assert.equal(schemaErrors(second), []);
    assert.ok(second.diagnostics.some((d) => d.code === 'invalid-settings'), 'the new pattern applies to the instances (AMS1 no longer matches)');

    await writeFile(connector, withId('^[A-Z]{3}[0-9]+$'));
    await project.update(['connectors/warehouse.yaml']);
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
    assert.equal(schemaErrors(project.validate()), []);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('flows/ removed: the files of flows-old/ (a name flows/ is a prefix of) keep their diagnostics', async () => {
  const root = await freshCopy();
  try {
    const legacy = (name: string, instance: string) =>
      `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: ${name} }\nspec:\n  trigger: { webhook: { path: ${name} } }\n  steps:\n    - id: push\n      send: { instance: ${instance}, endpoint: createSalesOrder }\n`;
    await mkdir(path.join(root, 'flows-old'));
    await writeFile(path.join(root, 'flows-old', 'legacy.yaml'), legacy('legacy-orders', 'netsuite-old'));
    await writeFile(path.join(root, 'flows', 'broken.yaml'), legacy('broken-orders', 'netsuite-gone'));
    const project = new IncrementalProject(root);
    await project.rediscover();
    const errorFiles = (result: ValidationResult) => [...new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file))].sort();
    assert.equal(errorFiles(project.validate()), ['flows-old/legacy.yaml', 'flows/broken.yaml']);

    await rm(path.join(root, 'flows'), { recursive: true, force: true });
    // As watch mode passes a removed directory: its path alone.
    await project.update(['flows']);
    const after = project.validate();
    // The example's tests of the flows that were in flows/ now name flows that are gone.
    assert.equal(errorFiles(after), ['flows-old/legacy.yaml', 'tests/flows.yaml']);
    assert.ok(after.project.files.includes('flows-old/legacy.yaml'), 'flows-old/legacy.yaml is still a project file');
    assert.not.ok(after.project.files.some((file) => file.startsWith('flows/')), 'nothing of flows/ is left');
    assert.equal(essentials(after), essentials(await validateProject(root)));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("an environment's overlay edited, added and removed: each cycle applies it as a full validateProject does", async () => {
  const root = await freshCopy();
  try {
    const projectFile = path.join(root, 'weft.yaml');
    await writeFile(projectFile, (await readFile(projectFile, 'utf8')) + '  environments:\n    staging: {}\n');
    const project = new IncrementalProject(root);
    await project.rediscover();
    assert.is(project.validate().errorCount, 0);

    const overlay = path.join(root, 'environments', 'staging');
    await mkdir(overlay, { recursive: true });
    const patch = (shop: string) => `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: shopify-uk }\nspec:\n  settings: { shop: ${shop} }\n`;
    await writeFile(path.join(overlay, 'shop.yaml'), patch('123'));
    // As watch mode passes a new directory and its file.
    await project.update(['environments', 'environments/staging/shop.yaml']);
    const broken = project.validate();
    assert.equal(essentials(broken), essentials(await validateProject(root)));
    assert.equal(broken.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file), ['environments/staging/shop.yaml']);

    await writeFile(path.join(overlay, 'shop.yaml'), patch('acme-uk-sandbox'));
    await project.update(['environments/staging/shop.yaml']);
    const fixed = project.validate();
    assert.is(fixed.errorCount, 0);
    assert.equal(essentials(fixed), essentials(await validateProject(root)));

    await rm(path.join(root, 'environments'), { recursive: true, force: true });
    await project.update(['environments']);
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("a lookup's CSV file edited (its YAML file unchanged): the next update with the CSV path checks the new table, as a full validateProject does", async () => {
  const root = await freshCopy();
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    assert.is(project.validate().errorCount, 0);
    const table = path.join(root, 'lookups', 'netsuite-countries.csv');
    const original = await readFile(table, 'utf8');
    // A left value again: the table maps GB two ways.
    await writeFile(table, `${original.trimEnd()}\nGB,Great Britain,_greatBritain\n`);
    await project.update(['lookups/netsuite-countries.csv']);
    const twice = project.validate();
    assert.equal(essentials(twice), essentials(await validateProject(root)));
    assert.equal(twice.diagnostics.map((d) => [d.code, d.file]), [['duplicate-lookup-value', 'lookups/netsuite-countries.yaml']]);
    await writeFile(table, original);
    await project.update(['lookups/netsuite-countries.csv']);
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
    assert.is(project.validate().errorCount, 0);
    // Gone: the lookup cannot read it.
    await rm(table);
    await project.update(['lookups/netsuite-countries.csv']);
    const gone = project.validate();
    assert.equal(essentials(gone), essentials(await validateProject(root)));
    assert.equal(gone.diagnostics.map((d) => d.code), ['bad-lookup-file']);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("a CSV file in a folder of its own, read by a lookup in weft.yaml: edited, then its folder removed and made again; each update equals a full validateProject", async () => {
  const root = await freshCopy();
  try {
    const table = path.join(root, 'tables', 'regions.csv');
    await mkdir(path.dirname(table), { recursive: true });
    await writeFile(table, 'left,right\nGB,EMEA\nUS,AMER\n');
    const lookup = 'apiVersion: weft/v1\nkind: Lookup\nmetadata:\n  name: regions\nspec:\n  file: ./tables/../tables/regions.csv\n';
    await writeFile(path.join(root, 'weft.yaml'), `${await readFile(path.join(root, 'weft.yaml'), 'utf8')}---\n${lookup}`);
    const project = new IncrementalProject(root);
    await project.rediscover();
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
    assert.ok(project.concerns('tables/regions.csv'), 'a CSV a lookup of weft.yaml reads');
    assert.not.ok(project.concerns('tables/other.csv'), 'a CSV no lookup reads');
    await writeFile(table, 'left,right\nGB,EMEA\nGB,UK\n');
    await assertSameAsFull(project, root, ['tables/regions.csv'], 'the CSV edited');
    assert.equal(project.validate().diagnostics.map((d) => d.code), ['duplicate-lookup-value']);
    // The folder goes (as git checkout of another branch, or a move, does): the lookup cannot read its table.
    await rm(path.dirname(table), { recursive: true });
    await assertSameAsFull(project, root, ['tables'], 'its folder removed');
    assert.equal(project.validate().diagnostics.map((d) => d.code), ['bad-lookup-file']);
    await mkdir(path.dirname(table), { recursive: true });
    await writeFile(table, 'left,right\nGB,EMEA\n');
    await assertSameAsFull(project, root, ['tables', 'tables/regions.csv'], 'the folder made again');
    assert.is(project.validate().errorCount, 0);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("an editor's buffers (weft lsp): read instead of the disk until closed; every environment validated as weft validate does", async () => {
  const root = await freshCopy();
  const project = new IncrementalProject(root);
  await project.rediscover();
  const file = 'flows/orders-to-netsuite.yaml';
  const onDisk = await readFile(path.join(root, file), 'utf8');
  // Unsaved: the buffer counts, the disk is not touched. A lone CR is a line break, as editors count it.
  project.setBuffer(file, onDisk.replace('instance: netsuite-prod', 'instance: netsuite-prd').replace('\n', '\r'));
  await project.update([file]);
  const edited = project.validateEveryEnvironment();
  const typo = edited.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-instance');
  assert.ok(typo, JSON.stringify(edited.diagnostics));
  assert.is(typo!.file, file);
  assert.is(edited.project.sources.get(file)!.split('\n')[typo!.line - 1]!.slice(typo!.column - 1, typo!.endColumn), 'netsuite-prd');
  assert.is(await readFile(path.join(root, file), 'utf8'), onDisk);
  // The same as a full validation of every environment of the directory with the buffer saved.
  await writeFile(path.join(root, file), edited.project.sources.get(file)!);
  assert.equal(essentials(edited), essentials(await validateAllEnvironments(root) as ValidationResult));
  await writeFile(path.join(root, file), onDisk);
  // Closed: the file on disk counts again.
  project.setBuffer(file, undefined);
  await project.update([file]);
  assert.equal(essentials(project.validateEveryEnvironment()), essentials(await validateAllEnvironments(root) as ValidationResult));
  assert.is(project.validateEveryEnvironment().errorCount, 0);
});

test('update() with paths that are not project files changes nothing', async () => {
  const root = await freshCopy();
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    const before = essentials(project.validate());
    await writeFile(path.join(root, 'README.md'), '# acme\n');
    await writeFile(path.join(root, 'flows', 'notes.txt'), 'kind: Flow\n');
    await mkdir(path.join(root, '.weft'), { recursive: true });
    await writeFile(path.join(root, '.weft', 'scratch.yaml'), 'not: a resource\n');
    await project.update(['README.md', 'flows/notes.txt', '.weft/scratch.yaml', 'does-not-exist.yaml']);
    assert.equal(essentials(project.validate()), before);
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test("a connector package's connector serves the project as in a full validateProject; edits to node_modules are not watched, the package is read again on rediscover", async () => {
  const root = path.join(scratch, `packaged-${++projectCounter}`);
  const connector = (baseUrl: string) => `apiVersion: weft/v1\nkind: Connector\nmetadata: { name: echo }\nspec:\n  version: 1.0.0\n  http: { baseUrl: "${baseUrl}" }\n  endpoints: { list: { path: /x } }\n`;
  const files: Record<string, string> = {
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: p }\n',
    'package.json': JSON.stringify({ name: 'p', dependencies: { 'weft-connector-echo': '^1.0.0' } }),
    'node_modules/weft-connector-echo/package.json': JSON.stringify({ name: 'weft-connector-echo', version: '1.0.0' }),
    'node_modules/weft-connector-echo/connectors/echo.yaml': connector('https://example.com'),
    'instance.yaml': 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: echo-main }\nspec: { connector: echo@^1 }\n',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    const first = project.validate();
    assert.equal(first.diagnostics.map((diagnostic) => diagnostic.code), ['unused-instance']);
    assert.equal(essentials(first), essentials(await validateProject(root)));
    assert.ok(first.project.resources.some((resource) => resource.kind === 'Connector' && resource.file === 'node_modules/weft-connector-echo/connectors/echo.yaml'));
    // A change in the package (npm install over it): not a project file, so update() keeps what it read.
    await writeFile(path.join(root, 'node_modules/weft-connector-echo/connectors/echo.yaml'), connector('not a url: {{settings.nothing}}'));
    await project.update(['node_modules/weft-connector-echo/connectors/echo.yaml']);
    assert.equal(essentials(project.validate()), essentials(first));
    await project.rediscover();
    assert.equal(essentials(project.validate()), essentials(await validateProject(root)));
    assert.ok(project.validate().diagnostics.some((diagnostic) => diagnostic.file === 'node_modules/weft-connector-echo/connectors/echo.yaml'));

    // npm install of another package: package.json and node_modules/.package-lock.json change,
    // and either is enough for update() to read the packages again.
    await writeFile(path.join(root, 'node_modules/weft-connector-echo/connectors/echo.yaml'), connector('https://example.com'));
    await writeFile(path.join(root, 'other.yaml'), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: shop-main }\nspec: { connector: shop@^2 }\n');
    await project.update(['other.yaml']);
    assert.ok(project.validate().diagnostics.some((diagnostic) => diagnostic.code === 'unknown-connector'));
    const more: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'p', dependencies: { 'weft-connector-echo': '^1.0.0', 'weft-connector-shop': '^2.0.0' } }),
      'node_modules/weft-connector-shop/package.json': JSON.stringify({ name: 'weft-connector-shop', version: '2.1.0' }),
      'node_modules/weft-connector-shop/connectors/shop.yaml': connector('https://shop.example').replace('name: echo', 'name: shop').replace('version: 1.0.0', 'version: 2.1.0'),
    };
    for (const [file, text] of Object.entries(more)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    }
    for (const changed of ['package.json', 'node_modules/.package-lock.json']) {
      await project.update([changed]);
      assert.equal(essentials(project.validate()), essentials(await validateProject(root)), changed);
      assert.not.ok(project.validate().diagnostics.some((diagnostic) => diagnostic.code === 'unknown-connector'), changed);
      await writeFile(path.join(root, 'package.json'), files['package.json']!);
      await project.update(['package.json']);
      assert.ok(project.validate().diagnostics.some((diagnostic) => diagnostic.code === 'unknown-connector'), `${changed}: the package no longer listed`);
      await writeFile(path.join(root, 'package.json'), more['package.json']!);
    }
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test('weft.yaml removed: the project is not validated (as validateProject refuses), even after other edits; restored: back to the full result', async () => {
  const root = await freshCopy();
  try {
    const project = new IncrementalProject(root);
    await project.rediscover();
    const projectFile = await readFile(path.join(root, 'weft.yaml'), 'utf8');
    await unlink(path.join(root, 'weft.yaml'));
    await rejects(() => validateProject(root), /no weft\.yaml/);
    await rejects(() => project.update(['weft.yaml']), /no weft\.yaml/);

    // Another file changes while weft.yaml is still missing: still no project, as a full run says.
    const netsuite = path.join(root, 'connectors', 'netsuite.yaml');
    await writeFile(netsuite, (await readFile(netsuite, 'utf8')).replace('version: 2.2.0', 'version: banana'));
    await rejects(() => validateProject(root), /no weft\.yaml/);
    let outcome: string;
    try {
      await project.update(['connectors/netsuite.yaml']);
      const result = project.validate();
      outcome = `a result with ${result.errorCount} error(s) and files ${JSON.stringify(result.project.files.slice(0, 2))}`;
    } catch (error) {
      outcome = `rejected: ${(error as Error).message}`;
    }
    assert.match(outcome, /^rejected: .*no weft\.yaml/, `with weft.yaml gone, update()+validate() gave ${outcome}`);

    await writeFile(path.join(root, 'weft.yaml'), projectFile);
    await assertSameAsFull(project, root, ['weft.yaml'], 'weft.yaml restored');
    assert.is(essentials(project.validate()).errorCount, 1);
  } finally {
    await removeTemporaryDirectory(root);
  }
});

test.run();
