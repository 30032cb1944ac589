import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { computePlan } from '../src/plan/compute-plan.js';
import type { EngineState } from '../src/plan/plan.js';
import { formatPlanPretty } from '../src/plan/render/format-plan-pretty.js';
import { formatPlanJson } from '../src/plan/render/format-plan-json.js';

const test = suite('plan');
const acme = path.resolve('examples/acme');

/** The state an engine would hold after applying a bundle. */
function stateOf(bundle: Bundle, revision = 7): EngineState {
  return { revision, resources: bundle.resources.map(({ kind, name, metadata, spec, sha256 }) => ({ kind, name, metadata, spec, sha256 })) };
}

/** Compiles a copy of the example after editing it. */
async function compileEdited(edits: Record<string, (text: string) => string>, removals: string[] = []): Promise<Bundle> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'weft-plan-'));
  try {
    await cp(acme, root, { recursive: true });
    for (const [file, edit] of Object.entries(edits)) await writeFile(path.join(root, file), edit(await readFile(path.join(root, file), 'utf8')));
    for (const file of removals) await rm(path.join(root, file));
    const result = await compileProject(root);
    assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), []);
    return result.bundle!;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('the same bundle as deployed: no changes', async () => {
  const bundle = (await compileProject(acme)).bundle!;
  const plan = computePlan(bundle, stateOf(bundle));
  assert.equal(plan.actions, []);
  assert.equal(plan.summary, { add: 0, change: 0, destroy: 0 });
  assert.is(plan.stateRevision, 7);
  assert.match(formatPlanPretty(plan, { color: false }), /^No changes\./);
});

test('an empty engine: everything is created, in dependency order', async () => {
  const bundle = (await compileProject(acme)).bundle!;
  const plan = computePlan(bundle, { revision: 0, resources: [] });
  assert.equal(plan.summary, { add: 17, change: 0, destroy: 0 });
  assert.equal(plan.actions.map((action) => action.kind), [...Array(4).fill('Connector'), ...Array(6).fill('Instance'), ...Array(7).fill('Flow')]);
  assert.match(formatPlanPretty(plan, { color: false }), /Plan: 17 to add, 0 to change, 0 to destroy\.\n$/);
});

test('a connector version bump lists every instance and flow it reaches', async () => {
  const before = (await compileProject(acme)).bundle!;
  const after = await compileEdited({ 'connectors/shopify.yaml': (text) => text.replace('version: 1.4.0', 'version: 1.5.0') });
  const plan = computePlan(after, stateOf(before));
  const byAddress = new Map(plan.actions.map((action) => [action.address, action]));
  const connector = byAddress.get('connector.shopify')!;
  assert.is(connector.action, 'update');
  if (connector.action !== 'update') return;
  assert.equal(connector.changes, [{ path: 'spec.version', before: '1.4.0', after: '1.5.0' }]);
  assert.ok(connector.reaches.includes('instance.shopify-uk') && connector.reaches.includes('instance.shopify-us'));
  assert.ok(connector.reaches.includes('flow.orders-to-netsuite'));
  const instance = byAddress.get('instance.shopify-uk')!;
  assert.is(instance.action, 'update');
  if (instance.action !== 'update') return;
  assert.equal(instance.changes, [{ path: 'spec.connectorVersion', before: '1.4.0', after: '1.5.0' }]);
  assert.equal(instance.reasons, ['updated through connector shopify 1.4.0 → 1.5.0']);
  assert.equal(plan.summary, { add: 0, change: 3, destroy: 0 });
  const text = formatPlanPretty(plan, { color: false });
  assert.match(text, /~ spec\.version: "1\.4\.0" → "1\.5\.0"/);
  assert.match(text, /instance\.shopify-uk will be updated through connector shopify 1\.4\.0 → 1\.5\.0/);
  assert.match(text, /Plan: 0 to add, 3 to change, 0 to destroy\./);
});

test('previousNames makes a rename, not a delete and a create', async () => {
  const before = (await compileProject(acme)).bundle!;
  const after = await compileEdited({
    'flows/backfill-us-orders.yaml': (text) => text.replace(/name: backfill-us-orders/, 'name: us-order-backfill\n  previousNames: [backfill-us-orders]'),
  });
  const plan = computePlan(after, stateOf(before));
  assert.equal(plan.summary, { add: 0, change: 1, destroy: 0 });
  const [rename] = plan.actions;
  assert.is(rename!.address, 'flow.us-order-backfill');
  assert.is(rename!.action === 'update' && rename!.previousName, 'backfill-us-orders');
  assert.match(formatPlanPretty(plan, { color: false }), /~ flow\.us-order-backfill \(renamed from flow\.backfill-us-orders\)/);
});

test('a removed flow is destroyed; placeholders stay placeholders in the plan', async () => {
  const before = (await compileProject(acme)).bundle!;
  const after = await compileEdited({ 'instances/netsuite-prod.yaml': (text) => text.replace(/\$\{secret:[^}]+\}/, '${secret:netsuite/prod/rotated}') }, ['flows/backfill-us-orders.yaml']);
  const plan = computePlan(after, stateOf(before));
  assert.equal(plan.summary, { add: 0, change: 1, destroy: 1 });
  const json = JSON.parse(formatPlanJson(plan));
  assert.is(json.format_version, '1');
  assert.is(json.changes, true);
  assert.ok(json.actions.some((action: { action: string; address: string }) => action.action === 'delete' && action.address === 'flow.backfill-us-orders'));
  assert.match(formatPlanPretty(plan, { color: false }), /\$\{secret:netsuite\/prod\/rotated\}/);
});

test('markdown: a table and the full plan, never over the limit', async () => {
  const { formatPlanMarkdown } = await import('../src/plan/render/format-plan-markdown.js');
  const bundle = (await compileProject(acme)).bundle!;
  const plan = computePlan(bundle, { revision: 0, resources: [] });
  const text = formatPlanMarkdown(plan);
  assert.match(text, /^### weft plan: 17 to add, 0 to change, 0 to destroy\n/);
  assert.match(text, /\| ➕ \| `connector\.shopify` \| created \|/);
  assert.match(text, /<details><summary>Full plan<\/summary>/);
  // A huge plan is cut, with a note, under the limit.
  const many = { ...plan, actions: Array.from({ length: 5000 }, (_, index) => ({ ...plan.actions[0]!, address: `connector.c${index}`, name: `c${index}` })) };
  const cut = formatPlanMarkdown(many);
  assert.ok(cut.length <= 60_000, String(cut.length));
  // 5,000 rows do not fit even without the details: the details go whole, then the table is
  // halved until it fits (5,000 -> 2,500 -> 1,250 rows), each cut with a note saying how much.
  const lines = cut.split('\n');
  assert.is(lines.filter((line) => line.startsWith('| ➕ | `connector.c')).length, 1250);
  assert.ok(lines.includes('| … | 3750 more | run `weft plan` for the rest |'), cut.slice(0, 2000));
  const detailLines = formatPlanPretty(many, { color: false }).trimEnd().split('\n').length;
  const fence = '```';
  const tail = `<details><summary>Full plan</summary>\n\n${fence}diff\n… ${detailLines} more lines not shown (run weft plan for all of it)\n${fence}\n</details>\n`;
  assert.ok(cut.endsWith(tail), cut.slice(-300));
  assert.is(formatPlanMarkdown(computePlan(bundle, stateOf(bundle))), '### weft plan: no changes\n\nThe engine runs what the project describes (state revision 7).\n');
});

test.run();
