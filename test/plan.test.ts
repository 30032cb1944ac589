import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import type { Bundle } from '../src/compile/compile-bundle.js';
import { computePlan } from '../src/plan/compute-plan.js';
import type { DeployedResource, EngineState, PlanAction } from '../src/plan/plan.js';
import { formatPlanPretty } from '../src/plan/render/format-plan-pretty.js';
import { formatPlanJson } from '../src/plan/render/format-plan-json.js';
import { singleAcme } from './helpers/single-acme.js';

const test = suite('plan');
const acme = singleAcme();

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
  assert.equal(plan.summary, { add: 18, change: 0, destroy: 0 });
  assert.equal(plan.actions.map((action) => action.kind), [...Array(4).fill('Connector'), ...Array(6).fill('Instance'), 'Lookup', ...Array(7).fill('Flow')]);
  assert.match(formatPlanPretty(plan, { color: false }), /Plan: 18 to add, 0 to change, 0 to destroy\.\n$/);
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
  assert.is(json.format_version, '2');
  assert.is(json.changes, true);
  assert.ok(json.actions.some((action: { action: string; address: string }) => action.action === 'delete' && action.address === 'flow.backfill-us-orders'));
  assert.match(formatPlanPretty(plan, { color: false }), /\$\{secret:netsuite\/prod\/rotated\}/);
});

test('markdown: a table and the full plan, never over the limit', async () => {
  const { formatPlanMarkdown } = await import('../src/plan/render/format-plan-markdown.js');
  const bundle = (await compileProject(acme)).bundle!;
  const plan = computePlan(bundle, { revision: 0, resources: [] });
  const text = formatPlanMarkdown(plan);
  assert.match(text, /^### weft plan: 18 to add, 0 to change, 0 to destroy\n/);
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

// A flow's steps are compared by their ids: an edited step shows as itself, field by field.

const flowFile = 'flows/orders-to-netsuite.yaml';
const mapBefore = '{ "externalId": $string(id), "total": $number(total_price) }\n';

/**
 * The plan's one action, after editing orders-to-netsuite in a copy of the example, against the
 * example deployed as it is (or as `deployedEdit` made it).
 */
async function planFlowEdit(edit: (text: string) => string, deployedEdit?: (text: string) => string): Promise<{ action: Extract<PlanAction, { action: 'update' }>; text: string }> {
  const before = await compileEdited({ [flowFile]: (text) => (deployedEdit ? replaceOnce(straight(text), deployedEdit) : straight(text)), [testsFile]: withoutDedupeState });
  const after = await compileEdited({ [flowFile]: (text) => replaceOnce(straight(text), edit), [testsFile]: withoutDedupeState });
  const plan = computePlan(after, stateOf(before));
  assert.equal(plan.summary, { add: 0, change: 1, destroy: 0 });
  const [action] = plan.actions;
  assert.is(action!.address, 'flow.orders-to-netsuite');
  if (action!.action !== 'update') throw new Error(`expected an update, got ${action!.action}`);
  return { action: action!, text: formatPlanPretty(plan, { color: false }) };
}

const testsFile = 'tests/flows.yaml';

/** The example's tests without what they expect of the sweep's dedupe step, which `straight` takes out. */
function withoutDedupeState(text: string): string {
  const without = text.replace(/^ *state:\n *dedupe: \[\{ step: once, [^\n]*\n/gm, '');
  assert.ok(without !== text && !without.includes('step: once'), 'the tests expect the sweep\'s dedupe keys');
  return without;
}

/**
 * The example's sweep as four straight steps (fetch, paid, to-netsuite, push): what these tests
 * of top-level steps edit. Nested steps are planned in plan-command.test.ts.
 */
function straight(text: string): string {
  const start = text.indexOf('    - id: once\n');
  const end = text.indexOf('    - id: push\n');
  assert.ok(start > 0 && end > start, 'the sweep has its dedupe, try and route steps');
  return `${text.slice(0, start)}    - id: to-netsuite\n      map: |\n        ${mapBefore}${text.slice(end)}`;
}

/** Applies an edit, failing if it changed nothing (so a changed example fails loudly). */
function replaceOnce(text: string, edit: (text: string) => string): string {
  const edited = edit(text);
  assert.is.not(edited, text, 'the edit changed nothing');
  return edited;
}

/** The lines of the pretty plan that describe the flow. */
function flowLines(text: string): string[] {
  const block = text.split('\n\n').find((paragraph) => paragraph.includes('~ flow.orders-to-netsuite'));
  assert.ok(block, text);
  return block.split('\n');
}

test('a changed field of a step: by the step id, old → new; other steps not shown', async () => {
  const { action, text } = await planFlowEdit((flow) =>
    flow.replace('send: { instance: netsuite-prod, endpoint: createSalesOrder }', 'send: { instance: netsuite-prod, endpoint: upsertCustomer, input: { externalId: "{{record.externalId}}" } }'),
  );
  assert.equal(action.changes, [
    { path: 'spec.steps[push].send.endpoint', before: 'createSalesOrder', after: 'upsertCustomer' },
    { path: 'spec.steps[push].send.input', after: { externalId: '{{record.externalId}}' } },
  ]);
  assert.equal(flowLines(text), [
    '  # flow.orders-to-netsuite will be updated',
    '  ~ flow.orders-to-netsuite',
    '      ~ spec.steps[push].send.endpoint: "createSalesOrder" → "upsertCustomer"',
    '      + spec.steps[push].send.input: {"externalId":"{{record.externalId}}"}',
  ]);
});

test('a changed JSONata expression: both texts in full, a multi-line one as a block', async () => {
  const mapAfter = '{\n  "externalId": $string(id),\n  "total": $number(total_price),\n  "currency": currency\n}\n';
  const map = await planFlowEdit((flow) => flow.replace(mapBefore.replace(/^/gm, '        ').trimEnd(), mapAfter.replace(/^(?=.)/gm, '        ').trimEnd()));
  assert.equal(map.action.changes, [{ path: 'spec.steps[to-netsuite].map', before: mapBefore, after: mapAfter }]);
  assert.equal(flowLines(map.text), [
    '  # flow.orders-to-netsuite will be updated',
    '  ~ flow.orders-to-netsuite',
    '      ~ spec.steps[to-netsuite].map:',
    '          - { "externalId": $string(id), "total": $number(total_price) }',
    '          + {',
    '          +   "externalId": $string(id),',
    '          +   "total": $number(total_price),',
    '          +   "currency": currency',
    '          + }',
  ]);

  // Long lines that differ only at their ends: each shown in full, not cut at the same point.
  const long = "financial_status = 'paid' and fulfillment_status != 'restocked' and $number(total_price) > 0 and currency in ['GBP', 'EUR']";
  const longer = long.replace("'EUR']", "'EUR', 'USD']");
  const filter = await planFlowEdit(
    (flow) => flow.replace("filter: financial_status = 'paid'", `filter: "${longer}"`),
    (flow) => flow.replace("filter: financial_status = 'paid'", `filter: "${long}"`),
  );
  assert.equal(filter.action.changes, [{ path: 'spec.steps[paid].filter', before: long, after: longer }]);
  assert.equal(flowLines(filter.text).slice(2), ['      ~ spec.steps[paid].filter:', `          - ${long}`, `          + ${longer}`]);
});

test('a step added and a step removed: those two, not the steps whose index shifted', async () => {
  const { action, text } = await planFlowEdit((flow) =>
    flow.replace("    - id: paid\n      filter: financial_status = 'paid'\n", '').replace('    - id: push\n', '    - id: big\n      filter: $number(total) > 100\n    - id: push\n'),
  );
  assert.equal(action.changes, [
    { path: 'spec.steps[big]', after: { id: 'big', filter: '$number(total) > 100' } },
    { path: 'spec.steps[paid]', before: { id: 'paid', filter: "financial_status = 'paid'" } },
  ]);
  assert.equal(flowLines(text).slice(2), ['      + spec.steps[big]: {"id":"big","filter":"$number(total) > 100"}', '      - spec.steps[paid]: {"id":"paid","filter":"financial_status = \'paid\'"}']);
});

test('a step moved: that step, from its old position to its new one, with its own changes', async () => {
  const { action, text } = await planFlowEdit((flow) => {
    const paid = "    - id: paid\n      filter: financial_status = 'paid'\n";
    return flow.replace(paid, '') + paid.replace("'paid'", "'paid' and total_price > 0");
  });
  // fetch, paid, to-netsuite, push → fetch, to-netsuite, push, paid: paid moved, the others only shifted.
  assert.equal(action.changes, [
    { path: 'spec.steps[paid]', moved: { from: 1, to: 3 } },
    { path: 'spec.steps[paid].filter', before: "financial_status = 'paid'", after: "financial_status = 'paid' and total_price > 0" },
  ]);
  assert.equal(flowLines(text).slice(2), [
    '      ~ spec.steps[paid]: moved from position 2 to 4',
    '      ~ spec.steps[paid].filter: "financial_status = \'paid\'" → "financial_status = \'paid\' and total_price > 0"',
  ]);

  // Deployed in reverse: of the four steps, the most that can stay in place do; the others moved.
  const bundle = await compileEdited({ [flowFile]: straight, [testsFile]: withoutDedupeState });
  const state = stateOf(bundle);
  state.resources = state.resources.map((deployed) =>
    deployed.name === 'orders-to-netsuite' ? { ...deployed, sha256: 'reversed', spec: { ...deployed.spec, steps: [...(deployed.spec.steps as unknown[])].reverse() } } : deployed,
  );
  const json = JSON.parse(formatPlanJson(computePlan(bundle, state)));
  assert.equal(json.actions[0].changes, [
    { path: 'spec.steps[fetch]', moved: { from: 3, to: 0 } },
    { path: 'spec.steps[paid]', moved: { from: 2, to: 1 } },
    { path: 'spec.steps[to-netsuite]', moved: { from: 1, to: 2 } },
  ]);
});

/** The flow-shapes fixture, compiled after edits to a copy of it. */
async function compileShapes(edits: Record<string, (text: string) => string> = {}): Promise<Bundle> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'weft-plan-shapes-'));
  try {
    await cp(path.join('test', 'fixtures', 'shapes'), root, { recursive: true });
    for (const [file, edit] of Object.entries(edits)) await writeFile(path.join(root, file), replaceOnce(await readFile(path.join(root, file), 'utf8'), edit));
    const result = await compileProject(root);
    assert.equal(result.diagnostics, []);
    return result.bundle!;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('flow shapes: a change inside a route names its path; what a lookup, an instance or a child flow change reaches, through the flows that run them', async () => {
  const deployed = stateOf(await compileShapes());
  const planOf = async (edits: Record<string, (text: string) => string>) => computePlan(await compileShapes(edits), deployed).actions.map((action) => ({ address: action.address, ...(action.action === 'update' && { changes: action.changes.map((change) => change.path), reaches: action.reaches }) }));

  assert.equal(await planOf({ 'orders.yaml': (text) => text.replace("when: country = '_unitedKingdom'", "when: country in ['_unitedKingdom']") }), [
    { address: 'flow.orders', changes: ['spec.steps[guarded].try.steps[by-country].route.routes[home].when'], reaches: [] },
  ]);
  // The child flow changed: the flow that runs it is reached.
  assert.equal(await planOf({ 'parked.yaml': (text) => text.replace('send: { instance: archive, endpoint: push }', 'send: { instance: erp, endpoint: push }') }), [
    { address: 'flow.parked-orders', changes: ['spec.steps[keep].branch[archive].steps[to-archive].send.instance'], reaches: ['flow.orders'] },
  ]);
  // An instance used only inside a route (erp) reaches its flow; one used by the child flow (archive) reaches the parent too.
  assert.equal(await planOf({ 'instances.yaml': (text) => text.replace('host: erp.example.com', 'host: erp2.example.com') }), [
    { address: 'instance.erp', changes: ['spec.settings.host'], reaches: ['flow.orders'] },
  ]);
  const archive = await planOf({ 'instances.yaml': (text) => text.replace('host: archive.example.com', 'host: archive2.example.com') });
  assert.equal(archive, [{ address: 'instance.archive', changes: ['spec.settings.host'], reaches: ['flow.orders', 'flow.parked-orders'] }]);
  assert.equal(await planOf({ 'countries.yaml': (text) => text.replace('right: _france', 'right: _franceMetropolitan') }), [
    { address: 'lookup.countries', changes: ['spec.entries'], reaches: ['flow.orders'] },
  ]);
});

test('steps without ids or with a repeated id (an invalid flow) are compared whole, without failing', async () => {
  const bundle = (await compileProject(acme)).bundle!;
  const compiled = bundle.resources.find((resource) => resource.name === 'orders-to-netsuite')!.spec.steps as Record<string, unknown>[];
  const invalid = [
    compiled.map(({ id: _, ...step }) => step),
    compiled.map((step) => ({ ...step, id: 'same' })),
    compiled.map((step, index) => (index === 0 ? { ...step, id: 'a.b' } : step)),
    [...compiled, 'not a step'],
  ];
  for (const steps of invalid) {
    const state = stateOf(bundle);
    state.resources = state.resources.map((resource) => (resource.name === 'orders-to-netsuite' ? { ...resource, sha256: 'invalid', spec: { ...resource.spec, steps } } : resource));
    const plan = computePlan(bundle, state);
    const [action] = plan.actions;
    assert.is(action?.action, 'update');
    if (action?.action !== 'update') return;
    assert.equal(action.changes, [{ path: 'spec.steps', before: steps, after: compiled }]);
    const text = formatPlanPretty(plan, { color: false });
    // Shown whole, as JSON over several lines, never cut.
    assert.ok(text.includes('      ~ spec.steps:\n          - [\n'), text);
    assert.ok(text.includes(`          +     "id": "push",\n`), text);
  }
});

// Resources are keyed by kind and name: a connector and an instance may share a name.

function fakeResource(kind: DeployedResource['kind'], name: string, spec: Record<string, unknown>): DeployedResource {
  return { kind, name, metadata: { name }, spec, sha256: `${kind}/${name}/${JSON.stringify(spec)}` };
}

test('a connector and an instance of one name are two resources: each planned on its own', () => {
  const connector = (version: string) => fakeResource('Connector', 'shopify', { version, type: 'http' });
  const instance = (shop: string) => fakeResource('Instance', 'shopify', { connector: 'shopify', connectorVersion: '1.0.0', settings: { shop } });
  const flow = fakeResource('Flow', 'shopify', { trigger: { manual: {} }, steps: [{ id: 'fetch', receive: { instance: 'shopify', endpoint: 'listOrders' } }] });
  const state: EngineState = { revision: 3, resources: [connector('1.0.0'), fakeResource('Connector', 'netsuite', { version: '2.0.0' }), instance('acme-uk')] };
  const bundle: Bundle = {
    apiVersion: 'weft/v1',
    kind: 'Bundle',
    project: 'test',
    sha256: 'bundle',
    resources: [connector('1.0.0'), instance('acme-us'), fakeResource('Instance', 'netsuite', { connector: 'netsuite', connectorVersion: '2.0.0' }), flow],
  };
  const plan = computePlan(bundle, state);
  assert.equal(
    plan.actions.map((action) => ({ address: action.address, action: action.action, ...(action.action === 'update' && { changes: action.changes, reaches: action.reaches }) })),
    [
      { address: 'connector.netsuite', action: 'delete' },
      { address: 'instance.netsuite', action: 'create' },
      { address: 'instance.shopify', action: 'update', changes: [{ path: 'spec.settings.shop', before: 'acme-uk', after: 'acme-us' }], reaches: ['flow.shopify'] },
      { address: 'flow.shopify', action: 'create' },
    ],
  );
  assert.equal(plan.summary, { add: 2, change: 1, destroy: 1 });
});

test.run();
