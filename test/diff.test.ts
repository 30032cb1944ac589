import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdir, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cliFixtures, copyFixture, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, type RunResult } from './helpers/run-weft.js';
import { git, gitRedirections } from './helpers/git.js';
import { singleAcme } from './helpers/single-acme.js';

// `weft diff --base <ref>` through the real binary, each test in a fresh git repository holding
// a copy of examples/acme: commit a base, edit the working tree, diff.

const test = suite('diff');
const acme = singleAcme();
const temporary: string[] = [];

test.after.each(async () => {
  await Promise.all(temporary.splice(0).map((directory) => removeTemporaryDirectory(directory)));
});


function commit(repository: string, message: string): string {
  git(repository, 'add', '--all');
  git(repository, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(repository, 'rev-parse', 'HEAD').trim();
}

interface Repository {
  /** The repository's top level. */
  root: string;
  /** The project inside it: the root, or a subfolder. */
  project: string;
  /** A private TMPDIR for the binary, so its scratch copies can be counted. */
  tmp: string;
}

/** A new repository with no commit yet, and a private TMPDIR for the binary. */
async function emptyRepository(): Promise<{ root: string; tmp: string }> {
  const root = await makeTemporaryDirectory('weft-dt-repo-');
  temporary.push(root);
  const tmp = await makeTemporaryDirectory('weft-dt-tmp-');
  temporary.push(tmp);
  git(root, 'init', '--quiet');
  return { root, tmp };
}

/**
 * A new repository with examples/acme at `subfolder` (the root by default), committed as
 * "base" after `prepare` has edited it. The caller edits the working tree next.
 */
async function repositoryWithAcme(options: { subfolder?: string; prepare?: (project: string, root: string) => Promise<void> } = {}): Promise<Repository> {
  const { root, tmp } = await emptyRepository();
  const project = path.join(root, ...(options.subfolder ?? '').split('/').filter(Boolean));
  await mkdir(project, { recursive: true });
  await cp(acme, project, { recursive: true });
  await options.prepare?.(project, root);
  commit(root, 'base');
  return { root, project, tmp };
}

/** Removes a flow of the example, with its tests (a test of a flow that is gone is an error). */
async function removeFlow(project: string, flow: string): Promise<void> {
  await rm(path.join(project, 'flows', `${flow}.yaml`));
  const tests = path.join(project, 'tests', 'flows.yaml');
  const documents = (await readFile(tests, 'utf8')).split('\n---\n');
  await writeFile(tests, documents.filter((document) => !document.includes(`  flow: ${flow}\n`)).join('\n---\n'));
}

/** Replaces `from` by `to` in a file, failing if `from` is not there (so a changed example fails loudly). */
async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(from), `${file} has no '${from}'`);
  await writeFile(file, text.replace(from, to));
}

const bumpShopify = (project: string) => edit(path.join(project, 'connectors', 'shopify.yaml'), 'version: 1.4.0', 'version: 1.5.0');

/** `weft diff ...args` in `cwd` (the repository's root by default), with the repository's private TMPDIR. */
function diff(repository: Repository, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { TMPDIR: repository.tmp, ...Object.fromEntries(gitRedirections.map((name) => [name, undefined])), ...options.env };
  return runWeft(['diff', ...args], { cwd: options.cwd ?? repository.root, env });
}

function assertNoStackTrace(result: RunResult): void {
  assert.not.match(result.stderr, /\n\s+at /, result.stderr);
}

/** The pretty output's paragraph about one resource, from its `# address ...` line. */
function paragraph(output: string, address: string): string {
  const found = output.split('\n\n').find((block) => block.trimStart().startsWith(`# ${address} `));
  assert.ok(found, `no paragraph for ${address} in:\n${output}`);
  return found;
}

/** The addresses on a paragraph's `reaches:` line. */
function reaches(block: string): string[] {
  const line = block.split('\n').find((text) => text.trimStart().startsWith('reaches: '));
  assert.ok(line, `no reaches line in:\n${block}`);
  return line.trim().slice('reaches: '.length).split(', ').sort();
}

interface DiffJson {
  format_version: string;
  base: { ref: string; commit: string; missing: boolean; error_count: number; files_with_errors: string[] };
  head_bundle_sha256: string;
  summary: { added: number; changed: number; removed: number };
  changes: boolean;
  actions: { address: string; kind: string; name: string; action: 'create' | 'update' | 'delete'; previousName?: string; changes?: unknown[]; reaches: string[] }[];
}

function parseJson(result: RunResult): DiffJson {
  assert.is(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as DiffJson;
}

test('a connector version bump: the connector changed, its instances updated through it, what they reach', async () => {
  const repository = await repositoryWithAcme();
  await bumpShopify(repository.project);

  const [pretty, detailed] = await Promise.all([diff(repository, ['--base', 'HEAD']), diff(repository, ['--base', 'HEAD', '--detailed-exitcode'])]);
  assert.is(pretty.code, 0, pretty.stderr);
  assert.is(pretty.stderr, '');
  assert.match(pretty.stdout, /^Changes against HEAD \([0-9a-f]{12}\):/);
  const connector = paragraph(pretty.stdout, 'connector.shopify');
  assert.match(connector, /^ {2}~ connector\.shopify$/m);
  assert.ok(connector.includes('~ spec.version: "1.4.0" → "1.5.0"'), connector);
  // The two stores, and exactly the flows that use one of them.
  assert.equal(reaches(connector), [
    'flow.backfill-us-orders',
    'flow.inventory-to-shopify-us',
    'flow.orders-to-netsuite',
    'flow.shipments-to-shopify',
    'instance.shopify-uk',
    'instance.shopify-us',
  ]);
  for (const instance of ['shopify-uk', 'shopify-us']) {
    const block = paragraph(pretty.stdout, `instance.${instance}`);
    assert.ok(block.includes(`# instance.${instance} is updated through connector shopify 1.4.0 → 1.5.0`), block);
    assert.match(block, new RegExp(`^ {2}~ instance\\.${instance}$`, 'm'));
  }
  assert.equal(reaches(paragraph(pretty.stdout, 'instance.shopify-uk')), ['flow.orders-to-netsuite', 'flow.shipments-to-shopify']);
  assert.equal(reaches(paragraph(pretty.stdout, 'instance.shopify-us')), ['flow.backfill-us-orders', 'flow.inventory-to-shopify-us']);
  assert.ok(pretty.stdout.endsWith('Diff: 0 added, 3 changed, 0 removed.\n'), pretty.stdout);
  // Nothing else is listed.
  assert.is(pretty.stdout.match(/^ {2}[~+-] /gm)?.length, 3, pretty.stdout);

  assert.is(detailed.code, 2, detailed.stderr);
  assert.is(detailed.stdout, pretty.stdout);

  // Back as committed: no changes, 0 with or without the flag.
  await edit(path.join(repository.project, 'connectors', 'shopify.yaml'), 'version: 1.5.0', 'version: 1.4.0');
  const [unchanged, unchangedDetailed] = await Promise.all([diff(repository, ['--base', 'HEAD']), diff(repository, ['--base', 'HEAD', '--detailed-exitcode'])]);
  for (const result of [unchanged, unchangedDetailed]) {
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /^No changes against HEAD \([0-9a-f]{12}\)\.\n$/);
  }
});

test('an edited step of a flow: that step by its id, old → new, in pretty, json and markdown; its other steps not shown', async () => {
  const repository = await repositoryWithAcme();
  await edit(
    path.join(repository.project, 'flows', 'orders-to-netsuite.yaml'),
    'send: { instance: netsuite-prod, endpoint: createSalesOrder }',
    'send: { instance: netsuite-prod, endpoint: upsertCustomer, input: { externalId: "{{record.externalId}}" } }',
  );
  const lines = [
    '  # flow.orders-to-netsuite is changed',
    '  ~ flow.orders-to-netsuite',
    '      ~ spec.steps[push].send.endpoint: "createSalesOrder" → "upsertCustomer"',
    '      + spec.steps[push].send.input: {"externalId":"{{record.externalId}}"}',
  ];
  const [pretty, json, markdown] = await Promise.all(['pretty', 'json', 'markdown'].map((format) => diff(repository, ['--base', 'HEAD', '--format', format])));

  assert.is(pretty!.code, 0, pretty!.stderr);
  assert.match(pretty!.stdout, /^Changes against HEAD \([0-9a-f]{12}\):\n\n/);
  assert.ok(pretty!.stdout.endsWith(`:\n\n${lines.join('\n')}\n\nDiff: 0 added, 1 changed, 0 removed.\n`), pretty!.stdout);

  const document = parseJson(json!);
  assert.is(document.format_version, '2');
  assert.equal(
    document.actions.map(({ address, changes }) => ({ address, changes })),
    [
      {
        address: 'flow.orders-to-netsuite',
        changes: [
          { path: 'spec.steps[push].send.endpoint', before: 'createSalesOrder', after: 'upsertCustomer' },
          { path: 'spec.steps[push].send.input', after: { externalId: '{{record.externalId}}' } },
        ],
      },
    ],
  );

  assert.is(markdown!.code, 0, markdown!.stderr);
  assert.ok(markdown!.stdout.includes('\n| 🔄 | `flow.orders-to-netsuite` | 2 fields: `spec.steps[push].send.endpoint`, `spec.steps[push].send.input` |\n'), markdown!.stdout);
  assert.ok(markdown!.stdout.includes(['```diff', ...lines, '```'].join('\n')), markdown!.stdout);
});

test('a rename through metadata.previousNames is one change, not a removal and an addition', async () => {
  const repository = await repositoryWithAcme();
  const flows = path.join(repository.project, 'flows');
  await edit(path.join(flows, 'backfill-us-orders.yaml'), '  name: backfill-us-orders\n', '  name: us-backfill\n  previousNames: [backfill-us-orders]\n');
  await rename(path.join(flows, 'backfill-us-orders.yaml'), path.join(flows, 'us-backfill.yaml'));

  const [pretty, jsonResult] = await Promise.all([diff(repository, ['--base', 'HEAD']), diff(repository, ['--base', 'HEAD', '--format', 'json'])]);
  assert.is(pretty.code, 0, pretty.stderr);
  assert.match(pretty.stdout, /^ {2}~ flow\.us-backfill \(renamed from flow\.backfill-us-orders\)$/m);
  assert.not.match(pretty.stdout, /^ {2}[+-] /m);
  assert.ok(pretty.stdout.endsWith('Diff: 0 added, 1 changed, 0 removed.\n'), pretty.stdout);

  const json = parseJson(jsonResult);
  assert.equal(json.summary, { added: 0, changed: 1, removed: 0 });
  assert.is(json.actions.length, 1);
  assert.is(json.actions[0]!.address, 'flow.us-backfill');
  assert.is(json.actions[0]!.action, 'update');
  assert.is(json.actions[0]!.previousName, 'backfill-us-orders');
});

test('a deleted flow is removed', async () => {
  const repository = await repositoryWithAcme();
  await removeFlow(repository.project, 'orders-to-warehouse');
  const result = await diff(repository, ['--base', 'HEAD', '--detailed-exitcode']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stdout, /^ {2}- flow\.orders-to-warehouse$/m);
  assert.is(result.stdout.match(/^ {2}[~+-] /gm)?.length, 1, result.stdout);
  assert.ok(result.stdout.endsWith('Diff: 0 added, 0 changed, 1 removed.\n'), result.stdout);
});

test('an added instance, then an added flow', async () => {
  const repository = await repositoryWithAcme();
  const instance = await readFile(path.join(repository.project, 'instances', 'warehouse-us.yaml'), 'utf8');
  await writeFile(path.join(repository.project, 'instances', 'warehouse-ca.yaml'), instance.replace('name: warehouse-us', 'name: warehouse-ca').replace('warehouseCode: EWR2', 'warehouseCode: YYZ1'));

  const oneInstance = await diff(repository, ['--base', 'HEAD']);
  assert.is(oneInstance.code, 0, oneInstance.stderr);
  assert.match(oneInstance.stdout, /^ {2}\+ instance\.warehouse-ca$/m);
  assert.is(oneInstance.stdout.match(/^ {2}[~+-] /gm)?.length, 1, oneInstance.stdout);
  assert.ok(oneInstance.stdout.endsWith('Diff: 1 added, 0 changed, 0 removed.\n'), oneInstance.stdout);

  const flow = await readFile(path.join(repository.project, 'flows', 'inventory-to-shopify-us.yaml'), 'utf8');
  await writeFile(path.join(repository.project, 'flows', 'inventory-ca.yaml'), flow.replace('name: inventory-to-shopify-us', 'name: inventory-ca').replace('instance: warehouse-us', 'instance: warehouse-ca'));
  const andAFlow = await diff(repository, ['--base', 'HEAD']);
  assert.is(andAFlow.code, 0, andAFlow.stderr);
  assert.match(andAFlow.stdout, /^ {2}\+ instance\.warehouse-ca$/m);
  assert.match(andAFlow.stdout, /^ {2}\+ flow\.inventory-ca$/m);
  assert.ok(andAFlow.stdout.endsWith('Diff: 2 added, 0 changed, 0 removed.\n'), andAFlow.stdout);
});

test('a base that does not validate: a warning naming the file, whose resources are added', async () => {
  const repository = await repositoryWithAcme({ prepare: (project) => edit(path.join(project, 'connectors', 'shopify.yaml'), 'version: 1.4.0', 'version: not-semver') });
  await edit(path.join(repository.project, 'connectors', 'shopify.yaml'), 'version: not-semver', 'version: 1.4.0');

  const [pretty, jsonResult, markdown] = await Promise.all([
    diff(repository, ['--base', 'HEAD']),
    diff(repository, ['--base', 'HEAD', '--format', 'json']),
    diff(repository, ['--base', 'HEAD', '--format', 'markdown']),
  ]);
  assert.is(pretty.code, 0, pretty.stderr);
  assertNoStackTrace(pretty);
  assert.match(pretty.stdout, /^warning: HEAD does not validate \(1 error in connectors\/shopify\.yaml\)/);
  assert.match(pretty.stdout, /^ {2}\+ connector\.shopify$/m);
  // The files without errors are compared as usual: nothing else of theirs is listed.
  assert.not.match(pretty.stdout, /^ {2}[~-] /m);
  assert.not.match(pretty.stdout, /^ {2}\+ (flow|connector\.(?!shopify$))/m);

  const json = parseJson(jsonResult);
  assert.is(json.base.error_count, 1, JSON.stringify(json.base));
  assert.equal(json.base.files_with_errors, ['connectors/shopify.yaml']);
  assert.is(json.base.missing, false);
  // The connector of the broken file, and the instances of that connector, show as added.
  assert.equal(
    json.actions.map((action) => `${action.action} ${action.address}`),
    ['create connector.shopify', 'create instance.shopify-uk', 'create instance.shopify-us'],
  );
  assert.equal(json.summary, { added: 3, changed: 0, removed: 0 });

  assert.is(markdown.code, 0, markdown.stderr);
  assert.match(
    markdown.stdout,
    /^> \*\*Warning\*\*: HEAD does not validate \(1 error in connectors\/shopify\.yaml\): the resources of those files, and instances of connectors among them, are left out of the comparison \(they show as added\)\.$/m,
  );
});

test('a base with a YAML syntax error, since deleted: a warning, and no changes', async () => {
  const repository = await repositoryWithAcme({
    prepare: (project) => writeFile(path.join(project, 'flows', 'broken.yaml'), 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: broken\n'),
  });
  await rm(path.join(repository.project, 'flows', 'broken.yaml'));
  const result = await diff(repository, ['--base', 'HEAD', '--detailed-exitcode']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^warning: HEAD does not validate \(1 error in flows\/broken\.yaml\)/);
  assert.match(result.stdout, /No changes against HEAD/);
});

test('a base without the project: everything is added', async () => {
  const { root, tmp } = await emptyRepository();
  await writeFile(path.join(root, 'README.md'), 'nothing here yet\n');
  commit(root, 'readme');
  await cp(acme, root, { recursive: true });
  const repository = { root, project: root, tmp };
  const [pretty, jsonResult] = await Promise.all([diff(repository, ['--base', 'HEAD']), diff(repository, ['--base', 'HEAD', '--format', 'json'])]);
  assert.is(pretty.code, 0, pretty.stderr);
  assert.match(pretty.stdout, /^warning: HEAD has no weft project here: everything is added\./);
  assert.ok(pretty.stdout.endsWith('Diff: 18 added, 0 changed, 0 removed.\n'), pretty.stdout);
  assert.is(parseJson(jsonResult).base.missing, true);
});

test('a project in a subfolder: from the repository root with a path, and from inside the folder', async () => {
  const subfolder = 'integrations/acme';
  const repository = await repositoryWithAcme({
    subfolder,
    prepare: async (_project, root) => {
      await writeFile(path.join(root, 'README.md'), 'the repository\n');
      // Weft resources outside the project are not the project's.
      await mkdir(path.join(root, 'other'));
      await cp(path.join(acme, 'flows', 'orders-to-warehouse.yaml'), path.join(root, 'other', 'orders-to-warehouse.yaml'));
    },
  });
  await bumpShopify(repository.project);
  // Changes outside the folder do not matter.
  await writeFile(path.join(repository.root, 'README.md'), 'the repository, edited\n');
  await rm(path.join(repository.root, 'other', 'orders-to-warehouse.yaml'));
  await cp(path.join(acme, 'flows', 'backfill-us-orders.yaml'), path.join(repository.root, 'other', 'backfill.yaml'));

  const [fromRoot, fromInside] = await Promise.all([
    diff(repository, [subfolder, '--base', 'HEAD']),
    diff(repository, ['--base', 'HEAD'], { cwd: repository.project }),
  ]);
  for (const result of [fromRoot, fromInside]) {
    assert.is(result.code, 0, result.stderr);
    assert.ok(paragraph(result.stdout, 'connector.shopify').includes('~ spec.version: "1.4.0" → "1.5.0"'), result.stdout);
    assert.ok(result.stdout.endsWith('Diff: 0 added, 3 changed, 0 removed.\n'), result.stdout);
  }
  assert.is(fromInside.stdout, fromRoot.stdout);

  // Only the outside changes left: no changes.
  await edit(path.join(repository.project, 'connectors', 'shopify.yaml'), 'version: 1.5.0', 'version: 1.4.0');
  const outsideOnly = await diff(repository, [subfolder, '--base', 'HEAD', '--detailed-exitcode']);
  assert.is(outsideOnly.code, 0, outsideOnly.stderr);
  assert.match(outsideOnly.stdout, /^No changes against HEAD/);
});

test('the working tree, the index and HEAD are untouched, and no scratch copy is left behind', async () => {
  const repository = await repositoryWithAcme();
  const { project, root } = repository;
  // A second commit, then an unstaged edit, a staged edit and an untracked file.
  await bumpShopify(project);
  const head = commit(root, 'shopify 1.5.0');
  await edit(path.join(project, 'flows', 'orders-to-warehouse.yaml'), 'concurrency: 4', 'concurrency: 6');
  await edit(path.join(project, 'instances', 'warehouse-eu.yaml'), 'description: Northwind Amsterdam (AMS1)', 'description: Northwind Amsterdam');
  git(root, 'add', path.join('instances', 'warehouse-eu.yaml'));
  const flow = await readFile(path.join(project, 'flows', 'shipments-to-shopify.yaml'), 'utf8');
  await writeFile(path.join(project, 'flows', 'shipments-again.yaml'), flow.replace('name: shipments-to-shopify', 'name: shipments-again'));

  const watched = ['flows/orders-to-warehouse.yaml', 'instances/warehouse-eu.yaml', 'flows/shipments-again.yaml', 'connectors/shopify.yaml'];
  const snapshot = async () => ({
    // --no-optional-locks: git status itself must not refresh the index between the snapshots.
    status: git(root, '--no-optional-locks', 'status', '--porcelain', '--untracked-files=all'),
    head: git(root, 'rev-parse', 'HEAD').trim(),
    branch: git(root, 'symbolic-ref', 'HEAD').trim(),
    stashes: git(root, 'stash', 'list'),
    index: (await readFile(path.join(root, '.git', 'index'))).toString('base64'),
    files: await Promise.all(watched.map((file) => readFile(path.join(project, file), 'utf8'))),
    tmp: (await readdir(repository.tmp)).sort(),
  });
  const before = await snapshot();
  assert.is(before.head, head);
  assert.equal(before.tmp, []);

  const formats = ['pretty', 'json', 'markdown'];
  const results = await Promise.all([...formats.map((format) => diff(repository, ['--base', 'HEAD~1', '--format', format])), diff(repository, ['--base', 'HEAD~1', '--format', 'svg'])]);
  for (const [index, format] of formats.entries()) {
    const result = results[index]!;
    assert.is(result.code, 0, result.stderr);
    if (format === 'pretty') {
      // Against HEAD~1: the committed bump, the staged and unstaged edits and the new file.
      assert.ok(paragraph(result.stdout, 'connector.shopify').includes('~ spec.version: "1.4.0" → "1.5.0"'), result.stdout);
      assert.match(result.stdout, /^ {2}~ flow\.orders-to-warehouse$/m);
      assert.match(result.stdout, /^ {2}~ instance\.warehouse-eu$/m);
      assert.match(result.stdout, /^ {2}\+ flow\.shipments-again$/m);
      assert.ok(result.stdout.endsWith('Diff: 1 added, 5 changed, 0 removed.\n'), result.stdout);
    }
  }
  // A usage error leaves nothing either.
  assert.is(results[3]!.code, 2);

  assert.equal(await snapshot(), before);
  // The snapshot's tmp: the binary's os.tmpdir() (TMPDIR, private to this repository, so other
  // runs cannot disturb the count) is as empty as before: no weft-diff-* copy is left.
});

test('--format json: the format version, the base, the summary and the actions', async () => {
  const repository = await repositoryWithAcme();
  const headCommit = git(repository.root, 'rev-parse', 'HEAD').trim();
  const unchanged = parseJson(await diff(repository, ['--base', 'HEAD', '--format', 'json']));
  assert.is(unchanged.format_version, '2');
  assert.is(unchanged.changes, false);
  assert.equal(unchanged.summary, { added: 0, changed: 0, removed: 0 });
  assert.equal(unchanged.actions, []);

  await bumpShopify(repository.project);
  const [result, pretty] = await Promise.all([diff(repository, ['--base', 'HEAD', '--format', 'json', '--detailed-exitcode']), diff(repository, ['--base', 'HEAD'])]);
  assert.is(result.code, 2, result.stderr);
  const json = JSON.parse(result.stdout) as DiffJson;
  assert.is(json.format_version, '2');
  assert.is(json.base.ref, 'HEAD');
  assert.match(json.base.commit, /^[0-9a-f]{40}$/);
  assert.is(json.base.commit, headCommit);
  assert.is(json.base.missing, false);
  assert.is(json.base.error_count, 0);
  assert.equal(json.base.files_with_errors, []);
  assert.match(json.head_bundle_sha256, /^[0-9a-f]{64}$/);
  assert.equal(json.summary, { added: 0, changed: 3, removed: 0 });
  assert.is(json.changes, true);
  assert.equal(
    json.actions.map(({ address, action }) => ({ address, action })),
    [
      { address: 'connector.shopify', action: 'update' },
      { address: 'instance.shopify-uk', action: 'update' },
      { address: 'instance.shopify-us', action: 'update' },
    ],
  );
  assert.equal([...json.actions[0]!.reaches].sort(), reaches(paragraph(pretty.stdout, 'connector.shopify')));
});

test('the tests that run the flows a change adds, changes or reaches: listed for reviewers, flows without one flagged', async () => {
  const repository = await repositoryWithAcme();
  await edit(path.join(repository.project, 'flows', 'orders-to-netsuite.yaml'), 'window: 90d', 'window: 30d');
  // The instance reaches the flows that use it: their tests run what changed too.
  await edit(path.join(repository.project, 'instances', 'warehouse-eu.yaml'), 'apiVersion: weft/v1', 'apiVersion: weft/v1\n# rate limit agreed with the warehouse');
  await writeFile(path.join(repository.project, 'flows', 'refunds.yaml'), `apiVersion: weft/v1
kind: Flow
metadata: { name: refunds }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: shopify-uk, endpoint: listOrders }
`);
  const [markdown, json] = await Promise.all([diff(repository, ['--base', 'HEAD', '--format', 'markdown']), diff(repository, ['--base', 'HEAD', '--format', 'json'])]);
  assert.is(markdown.code, 0, markdown.stderr);
  assert.ok(
    markdown.stdout.includes(
      [
        '**Tests of the changed flows** (`weft test` runs them): 1 of 2 flows have none',
        '',
        '| flow | change | tests |',
        '|---|---|---|',
        '| `orders-to-netsuite` | changed | `sweep-sends-each-paid-order-by-market`, `sweep-skips-orders-sent-before`, `sweep-keeps-a-refused-order-as-failed` |',
        '| `refunds` | added | ⚠️ no test runs it |',
      ].join('\n'),
    ),
    markdown.stdout,
  );
  const tests = (JSON.parse(json.stdout) as { tests: { flow: string; change: string; tests: { name: string; file: string }[] }[] }).tests;
  assert.equal(tests.map((entry) => [entry.flow, entry.change, entry.tests.length]), [['orders-to-netsuite', 'changed', 3], ['refunds', 'added', 0]]);
  assert.equal(tests[0]!.tests[0], { name: 'sweep-sends-each-paid-order-by-market', file: 'tests/flows.yaml' });

  // A changed instance: the flows it reaches, with their tests.
  await edit(path.join(repository.project, 'instances', 'warehouse-eu.yaml'), '# rate limit agreed with the warehouse', '');
  await edit(path.join(repository.project, 'instances', 'rabbit-prod.yaml'), 'prefetch: 20', 'prefetch: 10');
  await rm(path.join(repository.project, 'flows', 'refunds.yaml'));
  const reached = JSON.parse((await diff(repository, ['--base', 'HEAD', '--format', 'json'])).stdout) as { tests: { flow: string; change: string; tests: { name: string }[] }[] };
  assert.equal(reached.tests.map((entry) => [entry.flow, entry.change, entry.tests.map((test) => test.name)]), [
    ['order-events-to-netsuite', 'reached', ['order-event-becomes-a-sales-order']],
    ['orders-to-netsuite', 'changed', ['sweep-sends-each-paid-order-by-market', 'sweep-skips-orders-sent-before', 'sweep-keeps-a-refused-order-as-failed']],
    ['orders-to-warehouse', 'reached', ['eu-order-becomes-a-shipment']],
    ['shopify-order-webhook', 'reached', ['shopify-webhook-announces-the-order']],
  ]);
});

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

test('--format markdown: title, table, a Mermaid graph of the changed part with its marks, details', async () => {
  const repository = await repositoryWithAcme();
  const { project } = repository;

  // Only a removal: the graph's classes are those of the marks present.
  await removeFlow(project, 'orders-to-warehouse');
  const removal = await diff(repository, ['--base', 'HEAD', '--format', 'markdown']);
  assert.is(removal.code, 0, removal.stderr);
  assert.ok(removal.stdout.startsWith('### weft diff against `HEAD`: 0 added, 0 changed, 1 removed\n'), removal.stdout);
  assert.match(removal.stdout, /^\| ❌ \| `flow\.orders-to-warehouse` \| removed \|$/m);
  assert.match(removal.stdout, /^ {2}classDef removed /m);
  for (const absent of ['added', 'changed', 'reached']) assert.not.match(removal.stdout, new RegExp(`classDef ${absent} `));

  // A change, a removal and an addition: every mark.
  await bumpShopify(project);
  const flow = await readFile(path.join(project, 'flows', 'backfill-us-orders.yaml'), 'utf8');
  await writeFile(path.join(project, 'flows', 'backfill-netsuite.yaml'), flow.replace('name: backfill-us-orders', 'name: backfill-netsuite'));
  const result = await diff(repository, ['--base', 'HEAD', '--format', 'markdown']);
  assert.is(result.code, 0, result.stderr);
  const text = result.stdout;
  assert.ok(text.startsWith('### weft diff against `HEAD`: 1 added, 3 changed, 1 removed\n'), text);
  assert.ok(text.includes('\n| | resource | change |\n|---|---|---|\n'), text);
  assert.match(text, /^\| 🔄 \| `connector\.shopify` \| .*spec\.version.* \|$/m);
  assert.match(text, /^\| ➕ \| `flow\.backfill-netsuite` \| added \|$/m);
  const mermaid = text.match(/```mermaid\n([\s\S]*?)```/);
  assert.ok(mermaid, text);
  const graph = mermaid[1]!;
  assert.ok(graph.startsWith('flowchart LR\n'), graph);
  for (const mark of ['changed', 'removed', 'added', 'reached']) {
    // Each mark sets its text colour: its light fill stays readable in a dark theme.
    const style = new RegExp(`^ {2}classDef ${mark} fill:(#[0-9a-f]{6}),stroke:#[0-9a-f]{6},color:(#[0-9a-f]{6})$`, 'm').exec(graph);
    assert.ok(style, `classDef ${mark} in ${graph}`);
    assert.ok(contrast(style[1]!, style[2]!) >= 7, `${mark}: ${style[1]} on ${style[2]} is ${contrast(style[1]!, style[2]!).toFixed(1)}:1`);
    assert.match(graph, new RegExp(`^ {2}class n\\d+(,n\\d+)* ${mark}$`, 'm'));
    // And the legend says what it means.
    assert.match(graph, new RegExp(`^ {4}legend_${mark}\\[".+"\\]:::${mark}$`, 'm'));
  }
  // Edges say what a flow does with an instance.
  assert.match(graph, /^ {2}n\d+ -->\|(receive|send|publish|consume)(, \w+)*\| n\d+$/m);
  // The removed flow is drawn (from the base), next to the added one.
  assert.match(graph, /flow orders-to-warehouse/);
  assert.match(graph, /flow backfill-netsuite/);
  // Flows that use neither store nor anything changed are left out.
  assert.not.match(graph, /flow shopify-order-webhook/);
  assert.match(text, /<details><summary>[^<]+<\/summary>\n\n```diff\n[\s\S]*\n```\n<\/details>\n$/);
});

test('--format markdown of a huge change stays under 60,000 characters and says what was cut', async () => {
  const repository = await repositoryWithAcme();
  const flows = path.join(repository.project, 'flows');
  const template = await readFile(path.join(flows, 'shipments-to-shopify.yaml'), 'utf8');
  assert.ok(template.includes('name: shipments-to-shopify\n'));
  await Promise.all(
    Array.from({ length: 700 }, (_, index) => {
      const name = `generated-flow-${String(index + 1).padStart(3, '0')}`;
      return writeFile(path.join(flows, `${name}.yaml`), template.replace('name: shipments-to-shopify\n', `name: ${name}\n`));
    }),
  );
  const [result, pretty] = await Promise.all([diff(repository, ['--base', 'HEAD', '--format', 'markdown']), diff(repository, ['--base', 'HEAD'])]);
  assert.is(result.code, 0, result.stderr);
  assert.is(pretty.code, 0, pretty.stderr);
  const text = result.stdout;
  assert.ok(text.length <= 60_000, `${text.length} characters`);
  assert.ok(text.startsWith('### weft diff against `HEAD`: 700 added, 0 changed, 0 removed\n'), text.slice(0, 200));
  // Too many to draw (Mermaid refuses over 500 links): the 700 flows, the two stores they receive from.
  assert.match(text, /^_The changed part \(702 resources, 1400 links\) is too large to draw here; `weft graph` draws the project\._$/m);
  // The table fits whole; the details are what is cut, and the note counts exactly what was left out.
  assert.is(text.split('\n').filter((line) => line.startsWith('| ➕ | `flow.generated-flow-')).length, 700);
  assert.not.match(text, /^\| … \|/m);
  // The tests of the 700 added flows (none): the first 25, and how many more.
  assert.ok(text.includes('**Tests of the changed flows** (`weft test` runs them): 700 of 700 flows have none\n'), text.slice(0, 2000));
  assert.ok(text.includes('\n| `generated-flow-025` | added | ⚠️ no test runs it |\n| and 675 more | | `weft diff --format json` lists them all |\n'));
  const details = /<details><summary>All changes<\/summary>\n\n```diff\n([\s\S]*)\n```\n<\/details>\n$/.exec(text);
  assert.ok(details, text.slice(-200));
  const shown = details[1]!.split('\n');
  const cut = /^… (\d+) more lines not shown \(run weft diff --base HEAD for all of it\)$/.exec(shown.pop()!);
  assert.ok(cut, `no note on what was cut: ${details[1]!.slice(-200)}`);
  // The details are the actions of the pretty diff, between its header and its summary line.
  const lines = pretty.stdout.split('\n');
  assert.equal(lines.slice(-3), ['', 'Diff: 700 added, 0 changed, 0 removed.', '']);
  const actions = lines.slice(2, -3);
  assert.equal(shown, actions.slice(0, shown.length), 'the details shown are the first lines of the diff');
  assert.is(shown.length + Number(cut[1]), actions.length, 'and the note counts the rest');
});

test('a resource file that is a link inside the project compares as in the working tree: no change', async () => {
  const repository = await repositoryWithAcme({
    prepare: async (project) => {
      // The connector lives in a shared folder the project excludes (not discovered itself);
      // connectors/ links to it. (A link into a hidden folder is not read at all: hidden-link.)
      await mkdir(path.join(project, 'fixtures', 'shared'), { recursive: true });
      await rename(path.join(project, 'connectors', 'shopify.yaml'), path.join(project, 'fixtures', 'shared', 'shopify.yaml'));
      await symlink('../fixtures/shared/shopify.yaml', path.join(project, 'connectors', 'shopify.yaml'));
    },
  });
  const same = await diff(repository, ['--base', 'HEAD', '--detailed-exitcode']);
  assert.is(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /^No changes against HEAD/);
  await bumpShopify(path.join(repository.project));
  const changed = await diff(repository, ['--base', 'HEAD']);
  assert.match(changed.stdout, /~ connector\.shopify\n\s+~ spec\.version: "1\.4\.0" → "1\.5\.0"/);
});

test('errors: no --base, an unknown ref, no git repository, a head with errors; never a stack trace', async () => {
  const repository = await repositoryWithAcme();
  // A copy of the example outside any repository (git may not look above the temp directory).
  const outside = await copyFixture(acme, 'weft-dt-nogit-');
  temporary.push(outside);

  const [noBase, emptyBase, unknown, option, badFormat, notGit, notAProject] = await Promise.all([
    diff(repository, []),
    diff(repository, ['--base', '']),
    diff(repository, ['--base', 'no-such-branch']),
    diff(repository, ['--base=--output=x']),
    diff(repository, ['--base', 'HEAD', '--format', 'svg']),
    diff(repository, [outside, '--base', 'HEAD'], { env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } }),
    diff(repository, [path.join(cliFixtures, 'no-project'), '--base', 'HEAD']),
  ]);
  assert.is(noBase.code, 2);
  assert.match(noBase.stderr, /--base/);
  assert.is(emptyBase.code, 2);
  assert.is(unknown.code, 1);
  assert.is(unknown.stdout, '');
  assert.match(unknown.stderr, /'no-such-branch'/);
  assert.is(option.code, 1);
  assert.match(option.stderr, /'--output=x' is not a git ref/);
  assert.is(badFormat.code, 2);
  assert.match(badFormat.stderr, /svg/);
  assert.is(notGit.code, 1);
  assert.is(notGit.stdout, '');
  assert.match(notGit.stderr, /not inside a git repository/);
  assert.ok(notGit.stderr.includes(outside), notGit.stderr);
  assert.is(notAProject.code, 2);
  assert.match(notAProject.stderr, /no weft\.yaml/);

  await edit(path.join(repository.project, 'connectors', 'shopify.yaml'), 'version: 1.4.0', 'version: bad');
  const headErrors = await diff(repository, ['--base', 'HEAD']);
  assert.is(headErrors.code, 1);
  assert.is(headErrors.stdout, '');
  assert.match(headErrors.stderr, /error\[schema\]/);
  assert.match(headErrors.stderr, /connectors\/shopify\.yaml:13/);
  assert.match(headErrors.stderr, /the project has errors/);

  for (const result of [noBase, emptyBase, unknown, option, badFormat, notGit, notAProject, headErrors]) {
    assert.is(result.signal, null);
    assertNoStackTrace(result);
  }
});

test('a project with environments: the change per environment it touches; --env narrows to one', async () => {
  const { root, tmp } = await emptyRepository();
  await cp(path.join(repoRoot, 'test', 'fixtures', 'environments', 'two-environments'), root, { recursive: true });
  commit(root, 'base');
  const repository: Repository = { root, project: root, tmp };

  // Only staging's overlay changes: production is untouched.
  await writeFile(path.join(root, 'environments', 'staging', 'shop.yaml'), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: shop }\nspec:\n  settings: { pageSize: 7 }\n');
  const [pretty, json, markdown, detailed, narrowed] = await Promise.all([
    diff(repository, ['--base', 'HEAD']),
    diff(repository, ['--base', 'HEAD', '--format', 'json']),
    diff(repository, ['--base', 'HEAD', '--format', 'markdown']),
    diff(repository, ['--base', 'HEAD', '--detailed-exitcode']),
    diff(repository, ['--base', 'HEAD', '--env', 'production', '--format', 'json']),
  ]);
  for (const result of [pretty, json, markdown, narrowed]) assert.is(result.code, 0, result.stderr);
  assert.is(detailed.code, 2);
  assert.match(pretty.stdout, /^Environment staging\n\nChanges against HEAD/);
  assert.match(pretty.stdout, /pageSize: 5 → 7/);
  assert.match(pretty.stdout, /\nNo changes in production\.\n$/);
  const document = JSON.parse(json.stdout) as { format_version: string; changes: boolean; environments: { environment: string; changes: boolean; summary: unknown; actions: { address: string }[] }[] };
  // Format 3: the changes are by environment (format 2 is one environment's).
  assert.is(document.format_version, '3');
  assert.is(document.changes, true);
  assert.equal(
    document.environments.map((entry) => [entry.environment, entry.changes, entry.actions.map((action) => action.address)]),
    [
      ['staging', true, ['instance.shop']],
      ['production', false, []],
    ],
  );
  assert.match(markdown.stdout, /^### weft diff in `staging` against `HEAD`: 0 added, 1 changed, 0 removed/);
  assert.match(markdown.stdout, /_No changes in `production`\._\n$/);
  assert.not.match(markdown.stdout, /weft diff in `production`/);
  // --env: that environment alone, in the one-environment format.
  assert.equal(parseJson(narrowed).actions, []);

  // A change to the base resources touches both, each with its own values.
  await edit(path.join(root, 'shop.yaml'), '"source": "https://${var:shopDomain}/orders"', '"source": "https://${var:shopDomain}/orders", "tagged": true');
  const both = JSON.parse((await diff(repository, ['--base', 'HEAD', '--format', 'json'])).stdout) as typeof document;
  assert.equal(
    both.environments.map((entry) => [entry.environment, entry.actions.map((action) => action.address)]),
    [
      ['staging', ['instance.shop', 'flow.tag-orders']],
      ['production', ['flow.tag-orders']],
    ],
  );
  const unchanged = await diff(repository, ['--base', 'HEAD', '--format', 'markdown']);
  assert.match(unchanged.stdout, /### weft diff in `production` against `HEAD`: 0 added, 1 changed, 0 removed/);
  assert.match(unchanged.stdout, /acme\.example\.com\/orders/);

  // Back as it was: no change anywhere.
  git(root, 'checkout', '--', '.');
  const none = await diff(repository, ['--base', 'HEAD']);
  assert.is(none.stdout, 'No changes in any environment (staging, production) against HEAD (' + git(root, 'rev-parse', 'HEAD').trim().slice(0, 12) + ').\n');
});

test.run();
