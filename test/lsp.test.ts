import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, expectExit, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';
import { applyEdits, textAt, WeftLsp, type TextEdit } from './helpers/weft-lsp.js';
import type { LspDiagnostic, LspRange } from './helpers/lsp-client.js';

/**
 * `weft lsp` as an editor uses it: the real binary over stdio, JSON-RPC with Content-Length
 * framing, a copy of examples/acme as the workspace, edits sent as unsaved incremental changes.
 */
const test = suite('lsp');

const flowFile = 'flows/orders-to-netsuite.yaml';

interface Location {
  uri: string;
  range: LspRange;
}

let root = '';
let lsp: WeftLsp;

test.before.each(async () => {
  root = await copyFixture(path.join(repoRoot, 'examples', 'acme'), 'weft-lsp-');
  lsp = await WeftLsp.start(root);
});

test.after.each(async () => {
  const code = await lsp.stop();
  assert.is(code, 0, `weft lsp exited ${code}; stderr: ${lsp.client.stderr}`);
  // Only framed JSON-RPC on stdout: anything else would corrupt the editor's stream.
  assert.is(lsp.client.stray, '');
  await removeTemporaryDirectory(root);
});

async function fileText(location: Location): Promise<string> {
  return readFile(fileURLToPath(location.uri), 'utf8');
}

function fileOf(location: Location): string {
  return path.relative(root, fileURLToPath(location.uri)).split(path.sep).join('/');
}

test('a typo in an unsaved buffer gets its diagnostic at the exact range, fast, and fixing it clears it', async () => {
  await lsp.open(flowFile);
  lsp.change(flowFile, 'instance: netsuite-prod', 'instance: netsuite-prd');
  const published = await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.length > 0);
  assert.is(published.diagnostics.length, 1);
  const [diagnostic] = published.diagnostics as [LspDiagnostic];
  assert.is(diagnostic.code, 'unknown-instance');
  assert.is(diagnostic.source, 'weft');
  assert.is(diagnostic.severity, 1);
  assert.is(textAt(lsp.buffers.get(flowFile)!, diagnostic.range), 'netsuite-prd');
  assert.match(diagnostic.message, /did you mean 'netsuite-prod'\?/);
  // The file on disk is untouched: the diagnostic came from the buffer.
  assert.match(await readFile(path.join(root, flowFile), 'utf8'), /instance: netsuite-prod,/);

  lsp.change(flowFile, 'instance: netsuite-prd', 'instance: netsuite-prod');
  await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.length === 0);
});

test('diagnostics follow the buffer within 100 ms (median of 20 edits)', async () => {
  await lsp.open(flowFile);
  // Warm: the first validation of the whole project is done.
  await lsp.request('textDocument/hover', flowFile, { line: 0, character: 0 });
  const times: number[] = [];
  let current = 'netsuite-prod';
  for (let index = 1; index <= 20; index++) {
    const typo = `netsuite-pr${'x'.repeat(index)}`;
    const sent = performance.now();
    lsp.change(flowFile, `instance: ${current}`, `instance: ${typo}`);
    current = typo;
    const published = await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.some((diagnostic) => diagnostic.message.includes(`'${typo}'`)));
    const [diagnostic] = published.diagnostics;
    assert.is(textAt(lsp.buffers.get(flowFile)!, diagnostic!.range), typo);
    times.push(published.at - sent);
  }
  times.sort((a, b) => a - b);
  const median = (times[9]! + times[10]!) / 2;
  assert.ok(median < 100, `median ${median.toFixed(1)} ms: ${times.map((time) => time.toFixed(1)).join(' ')}`);
});

test('cross-file diagnostics follow unsaved edits of another file, and closing the buffer goes back to the disk', async () => {
  const instanceFile = 'instances/netsuite-prod.yaml';
  await lsp.open(instanceFile);
  lsp.change(instanceFile, 'name: netsuite-prod', 'name: netsuite-production');
  // The flows that use it now name an instance that is not defined, in a file not open (as
  // weft validate says it: once, at the first place, with how many more).
  const other = await lsp.client.waitForDiagnostics(lsp.uri('flows/order-events-to-netsuite.yaml'), (list) => list.some((diagnostic) => diagnostic.code === 'unknown-instance'));
  const messages = other.diagnostics.map((diagnostic) => diagnostic.message).join('\n---\n');
  // Staging has two flows that use it; production adds a third (its backfill flow).
  assert.match(messages, /instance 'netsuite-prod', which is not defined \(and 1 more place\) \(environment: staging\)/);
  assert.match(messages, /instance 'netsuite-prod', which is not defined \(and 2 more places\) \(environment: production\)/);
  assert.match(messages, /did you mean 'netsuite-production'\?/);
  lsp.close(instanceFile);
  await lsp.client.waitForDiagnostics(lsp.uri('flows/order-events-to-netsuite.yaml'), (list) => list.length === 0);
});

test('a file changed on disk (not open) is read again when the client says so', async () => {
  const file = 'flows/shipments-to-shopify.yaml';
  const text = await readFile(path.join(root, file), 'utf8');
  await writeFile(path.join(root, file), text.replace(/instance: shopify-uk/, 'instance: shopify-gb'));
  lsp.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: lsp.uri(file), type: 2 }] });
  const published = await lsp.client.waitForDiagnostics(lsp.uri(file), (list) => list.length > 0);
  assert.is(published.diagnostics[0]!.code, 'unknown-instance');
});

test('a client that can be asked to watch files is asked to; a file whose diagnostics did not change is not published again', async () => {
  await lsp.stop();
  // An instance no flow uses: a warning in its file, published once.
  const unused = 'instances/spare.yaml';
  await writeFile(path.join(root, unused), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: spare }\nspec:\n  connector: shopify@^1.4\n  auth: token\n  settings: { shop: spare }\n  credentials: { accessToken: "${secret:shopify/spare}" }\n');
  lsp = await WeftLsp.start(root, { capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  const warned = await lsp.client.waitForDiagnostics(lsp.uri(unused), (list) => list.some((diagnostic) => diagnostic.code === 'unused-instance'));
  assert.ok(warned);
  const registration = lsp.client.serverRequests.find((request) => request.method === 'client/registerCapability');
  assert.ok(registration, JSON.stringify(lsp.client.serverRequests));
  assert.match(JSON.stringify(registration!.params), /workspace\/didChangeWatchedFiles.*\*\*\/\*\.\{yaml,yml,csv\}/);
  await lsp.open(flowFile);
  for (const typo of ['netsuite-prd', 'netsuite-prod', 'netsuite-pr', 'netsuite-prod']) {
    const current = lsp.buffers.get(flowFile)!.includes('instance: netsuite-prod,') ? 'netsuite-prod' : /instance: (netsuite-pr\w*),/.exec(lsp.buffers.get(flowFile)!)![1]!;
    lsp.change(flowFile, `instance: ${current},`, `instance: ${typo},`);
    await lsp.request('textDocument/hover', flowFile, { line: 0, character: 0 });
  }
  assert.is(lsp.client.published.get(lsp.uri(unused))!.length, 1, 'the unchanged warning was sent again');
  assert.ok(lsp.client.published.get(lsp.uri(flowFile))!.length >= 3);
});

test('go to definition: instance, endpoint, connector, child template setting', async () => {
  await lsp.open(flowFile);
  const instance = await lsp.request<Location>('textDocument/definition', flowFile, await lsp.position(flowFile, 'instance: netsuite-prod', 'instance: net'.length));
  assert.is(fileOf(instance), 'instances/netsuite-prod.yaml');
  assert.is(textAt(await fileText(instance), instance.range), 'netsuite-prod');
  assert.match((await fileText(instance)).split('\n')[instance.range.start.line]!, /^\s+name: netsuite-prod/);

  const endpoint = await lsp.request<Location>('textDocument/definition', flowFile, await lsp.position(flowFile, 'endpoint: createSalesOrder', 'endpoint: cr'.length));
  assert.is(fileOf(endpoint), 'connectors/netsuite.yaml');
  assert.is(textAt(await fileText(endpoint), endpoint.range), 'createSalesOrder');

  const instanceFile = 'instances/shopify.yaml';
  const connector = await lsp.request<Location>('textDocument/definition', instanceFile, await lsp.position(instanceFile, 'connector: shopify', 'connector: sh'.length));
  assert.is(fileOf(connector), 'connectors/shopify.yaml');
  assert.is(textAt(await fileText(connector), connector.range), 'shopify');

  const connectorFile = 'connectors/shopify.yaml';
  const setting = await lsp.request<Location>('textDocument/definition', connectorFile, await lsp.position(connectorFile, '{{settings.shop}}', '{{settings.sh'.length));
  assert.is(fileOf(setting), connectorFile);
  const connectorText = await fileText(setting);
  assert.is(textAt(connectorText, setting.range), 'shop');
  assert.match(connectorText.split('\n')[setting.range.start.line + 1]!, /type: string/);

  // Nothing to go to: a plain value, a comment.
  assert.is(await lsp.request('textDocument/definition', flowFile, await lsp.position(flowFile, 'onError', 2)), null);
});

test('find references: every flow and test that uses an instance', async () => {
  const instanceFile = 'instances/netsuite-prod.yaml';
  const references = await lsp.request<Location[]>('textDocument/references', instanceFile, await lsp.position(instanceFile, 'name: netsuite-prod', 'name: '.length), { context: { includeDeclaration: true } });
  const files = references.map(fileOf).sort();
  assert.ok(files.includes(instanceFile));
  assert.ok(files.includes('flows/orders-to-netsuite.yaml'));
  assert.ok(files.includes('flows/order-events-to-netsuite.yaml'));
  assert.ok(files.includes('tests/flows.yaml'));
  // The flow production's overlay adds uses it too.
  assert.ok(files.includes('environments/production/backfill-us-orders.yaml'), files.join(', '));
  for (const reference of references) assert.is(textAt(await fileText(reference), reference.range), 'netsuite-prod', `${fileOf(reference)}:${reference.range.start.line + 1}`);
  const withoutDeclaration = await lsp.request<Location[]>('textDocument/references', instanceFile, await lsp.position(instanceFile, 'name: netsuite-prod', 'name: '.length), { context: { includeDeclaration: false } });
  assert.is(withoutDeclaration.length, references.length - 1);
  assert.not.ok(withoutDeclaration.some((reference) => fileOf(reference) === instanceFile));
});

test('completion: instance names, endpoints of the step instance, endpoint inputs, template roots and settings', async () => {
  await lsp.open(flowFile);
  lsp.change(flowFile, 'instance: netsuite-prod', 'instance: net');
  const instances = await lsp.request<{ label: string; textEdit: TextEdit }[]>('textDocument/completion', flowFile, await lsp.position(flowFile, 'instance: net', 'instance: net'.length));
  const labels = instances.map((item) => item.label);
  for (const name of ['netsuite-prod', 'shopify-uk', 'shopify-us', 'warehouse-eu']) assert.ok(labels.includes(name), labels.join(', '));
  const chosen = instances.find((item) => item.label === 'netsuite-prod')!;
  // Accepting it replaces the word typed so far.
  assert.match(applyEdits(lsp.buffers.get(flowFile)!, [chosen.textEdit]), /send: \{ instance: netsuite-prod, endpoint/);

  const endpoints = await lsp.request<{ label: string; detail?: string }[]>('textDocument/completion', flowFile, await lsp.position(flowFile, 'endpoint: listOrders', 'endpoint: '.length));
  assert.equal(
    endpoints.map((item) => item.label).sort(),
    ['createFulfillment', 'listOrders', 'listProducts', 'setInventoryLevel'].filter((name) => endpoints.some((item) => item.label === name)).sort(),
  );
  assert.ok(endpoints.some((item) => item.label === 'listOrders' && item.detail === 'GET /orders.json'), JSON.stringify(endpoints));

  // A new line under a step's input: the endpoint's inputs not given yet.
  const inventory = 'flows/inventory-to-shopify-us.yaml';
  await lsp.open(inventory);
  lsp.change(inventory, 'input: { locationId: 71234567890 }', 'input:\n          ');
  const inputs = await lsp.request<{ label: string; detail?: string }[]>('textDocument/completion', inventory, await lsp.position(inventory, 'input:\n          ', 'input:\n          '.length));
  assert.equal(
    inputs.map((item) => item.label),
    ['locationId'],
  );
  assert.is(inputs[0]!.detail, 'integer');

  // Templates in a connector: the roots, then a connector's settings.
  const connectorFile = 'connectors/shopify.yaml';
  await lsp.open(connectorFile);
  lsp.change(connectorFile, 'https://{{settings.shop}}.myshopify', 'https://{{se');
  const roots = await lsp.request<{ label: string }[]>('textDocument/completion', connectorFile, await lsp.position(connectorFile, 'https://{{se', 'https://{{se'.length));
  assert.ok(roots.some((item) => item.label === 'settings') && roots.some((item) => item.label === 'credentials'), JSON.stringify(roots));
  lsp.change(connectorFile, 'https://{{se', 'https://{{settings.');
  const settings = await lsp.request<{ label: string }[]>('textDocument/completion', connectorFile, await lsp.position(connectorFile, 'https://{{settings.', 'https://{{settings.'.length));
  assert.equal(
    settings.map((item) => item.label),
    ['shop'],
  );
});

test('hover: an endpoint shows its method, path and inputs; a connector its version', async () => {
  const inventory = 'flows/inventory-to-shopify-us.yaml';
  const hover = await lsp.request<{ contents: { kind: string; value: string } }>('textDocument/hover', inventory, await lsp.position(inventory, 'endpoint: setInventoryLevel', 'endpoint: set'.length));
  assert.is(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /setInventoryLevel/);
  assert.match(hover.contents.value, /POST \/inventory_levels\/set\.json/);
  assert.match(hover.contents.value, /`locationId` \(integer\), required — Shopify location the stock is held at/);
  assert.match(hover.contents.value, /shopify` 1\.4\.0/);
  const instanceFile = 'instances/shopify.yaml';
  const connector = await lsp.request<{ contents: { value: string } }>('textDocument/hover', instanceFile, await lsp.position(instanceFile, 'connector: shopify', 'connector: sh'.length));
  assert.match(connector.contents.value, /\*\*shopify\*\* — connector, version 1\.4\.0/);
});

test('rename an instance: every reference, its overlays, and previousNames; the result validates', async () => {
  const instanceFile = 'instances/netsuite-prod.yaml';
  const position = await lsp.position(flowFile, 'instance: netsuite-prod', 'instance: net'.length);
  const prepared = await lsp.request<{ range: LspRange; placeholder: string }>('textDocument/prepareRename', flowFile, position);
  assert.is(prepared.placeholder, 'netsuite-prod');
  assert.is(textAt(await readFile(path.join(root, flowFile), 'utf8'), prepared.range), 'netsuite-prod');

  const edit = await lsp.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', flowFile, position, { newName: 'netsuite-production' });
  const files = Object.keys(edit.changes).map((uri) => path.relative(root, fileURLToPath(uri))).sort();
  assert.equal(files, ['environments/production/backfill-us-orders.test.yaml', 'environments/production/backfill-us-orders.yaml', 'flows/order-events-to-netsuite.yaml', 'flows/orders-to-netsuite.yaml', instanceFile, 'tests/flows.yaml'].filter((file) => files.includes(file)));
  for (const file of ['flows/order-events-to-netsuite.yaml', 'flows/orders-to-netsuite.yaml', instanceFile, 'tests/flows.yaml', 'environments/production/backfill-us-orders.yaml']) assert.ok(files.includes(file), `${file} not edited: ${files.join(', ')}`);
  for (const [uri, edits] of Object.entries(edit.changes)) {
    const file = fileURLToPath(uri);
    await writeFile(file, applyEdits(await readFile(file, 'utf8'), edits));
  }
  const renamed = await readFile(path.join(root, instanceFile), 'utf8');
  assert.match(renamed, /\n  name: netsuite-production\n  previousNames: \[netsuite-prod\]\n  description:/);
  const all = await runWeft(['validate', root, '--format', 'json']);
  expectExit(all, 0);
  const production = await runWeft(['validate', root, '--env', 'production']);
  expectExit(production, 0);

  // Renaming again keeps the older name too.
  lsp.client.notify('workspace/didChangeWatchedFiles', { changes: files.map((file) => ({ uri: lsp.uri(file), type: 2 })) });
  const again = await lsp.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', instanceFile, await lsp.position(instanceFile, 'name: netsuite-production', 'name: '.length), { newName: 'netsuite-main' });
  const instanceEdits = again.changes[lsp.uri(instanceFile)]!;
  assert.match(applyEdits(renamed, instanceEdits), /name: netsuite-main\n  previousNames: \[netsuite-prod, netsuite-production\]/);
});

test('rename refuses a bad name, a taken name, and what is not a resource name', async () => {
  const position = await lsp.position(flowFile, 'instance: netsuite-prod', 'instance: net'.length);
  const refused = async (newName: string) => {
    try {
      await lsp.request('textDocument/rename', flowFile, position, { newName });
    } catch (error) {
      return (error as Error).message;
    }
    assert.unreachable(`renaming to '${newName}' was accepted`);
    return '';
  };
  assert.match(await refused('NetSuite Prod'), /is not a resource name/);
  assert.match(await refused('shopify-uk'), /already an instance named 'shopify-uk'/);
  assert.is(await lsp.request('textDocument/prepareRename', flowFile, await lsp.position(flowFile, 'onError', 2)), null);
});

test('quick fixes: the did-you-mean of a diagnostic, and a reason for a weft-ignore without one', async () => {
  await lsp.open(flowFile);
  lsp.change(flowFile, 'endpoint: createSalesOrder', 'endpoint: createSaleOrder');
  const published = await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.length > 0);
  const actions = await lsp.client.request<{ title: string; isPreferred?: boolean; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: lsp.uri(flowFile) },
    range: published.diagnostics[0]!.range,
    context: { diagnostics: published.diagnostics },
  });
  const fix = actions.find((action) => /createSalesOrder/.test(action.title));
  assert.ok(fix, JSON.stringify(actions));
  assert.ok(fix!.isPreferred);
  const fixed = applyEdits(lsp.buffers.get(flowFile)!, fix!.edit.changes[lsp.uri(flowFile)]!);
  assert.is(fixed, await readFile(path.join(root, flowFile), 'utf8'));

  // A suppression without its reason suppresses nothing; the fix adds one, and the warning it kept is then suppressed.
  const instanceFile = 'instances/warehouse-eu.yaml';
  const text = await readFile(path.join(root, instanceFile), 'utf8');
  await lsp.open(instanceFile, text.replace('apiVersion', '# weft-ignore unused-instance\napiVersion'));
  const ignored = await lsp.client.waitForDiagnostics(lsp.uri(instanceFile), (list) => list.some((diagnostic) => diagnostic.code === 'bad-suppression'));
  const bad = ignored.diagnostics.find((diagnostic) => diagnostic.code === 'bad-suppression')!;
  const reasons = await lsp.client.request<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', { textDocument: { uri: lsp.uri(instanceFile) }, range: bad.range, context: { diagnostics: [bad] } });
  assert.is(reasons.length, 1);
  const withReason = applyEdits(lsp.buffers.get(instanceFile)!, reasons[0]!.edit.changes[lsp.uri(instanceFile)]!);
  assert.match(withReason, /\n# weft-ignore unused-instance: TODO say why this is safe to ignore\napiVersion/);
});

test('bad buffers get diagnostics, never a crash; questions about files outside the project get nothing', async () => {
  await lsp.open(flowFile);
  lsp.change(flowFile, 'apiVersion: weft/v1', 'apiVersion: weft/v1\n\tkind: [');
  const published = await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.some((diagnostic) => diagnostic.code === 'yaml-syntax'));
  assert.ok(published.diagnostics.length >= 1);
  // Every kind of question on the broken buffer is answered.
  const position = await lsp.position(flowFile, 'kind: [', 3);
  for (const method of ['textDocument/definition', 'textDocument/hover', 'textDocument/completion', 'textDocument/references', 'textDocument/prepareRename']) {
    await lsp.request(method, flowFile, position, { context: { includeDeclaration: true } });
  }
  const outside = path.join(path.dirname(root), 'elsewhere.yaml');
  const result = await lsp.client.request('textDocument/definition', { textDocument: { uri: `file://${outside}` }, position: { line: 0, character: 0 } });
  assert.is(result, null);
  // Offsets past the end of the buffer are clamped, not thrown on.
  await lsp.request('textDocument/hover', flowFile, { line: 9999, character: 9999 });
  lsp.change(flowFile, 'apiVersion: weft/v1\n\tkind: [', 'apiVersion: weft/v1');
  await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.length === 0);
});

test('a workspace whose project is in a subfolder: found from the first opened file', async () => {
  await lsp.stop();
  lsp = await WeftLsp.start(root, { workspace: path.dirname(root) });
  await lsp.open(flowFile);
  lsp.change(flowFile, 'instance: netsuite-prod', 'instance: netsuite-prd');
  const published = await lsp.client.waitForDiagnostics(lsp.uri(flowFile), (list) => list.length > 0);
  assert.is(published.diagnostics[0]!.code, 'unknown-instance');
});

test.run();
