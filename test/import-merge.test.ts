import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { expectExit, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';

/**
 * Importing again over a connector (`weft import openapi … --out` an existing file): endpoints
 * follow the document, hand edits outside them (and the guesses one corrects inside) stay, the
 * version goes up by what changed, and `weft plan` shows what the change reaches.
 */
const test = suite('import-merge');

const ledger = path.join(repoRoot, 'test', 'fixtures', 'openapi', 'ledger-openapi31.yaml');
let scratch = '';
let original = '';
test.before(async () => {
  original = await readFile(ledger, 'utf8');
});
test.before.each(async () => {
  scratch = await makeTemporaryDirectory('weft-reimport-');
});
test.after.each(async () => {
  await removeTemporaryDirectory(scratch);
});

/** The ledger document, changed by `edit`, written where the tests import it from. */
async function documentVersion(edit: (text: string) => string = (text) => text): Promise<string> {
  const file = path.join(scratch, 'specs', 'ledger.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  const changed = edit(original);
  await writeFile(file, changed);
  return file;
}

const importTo = (document: string, out: string, name = 'ledger') => runWeft(['import', 'openapi', document, '--name', name, '--out', out]);

/** Edits a connector file as someone would by hand, and returns the edited text. */
async function editByHand(file: string): Promise<string> {
  const before = await readFile(file, 'utf8');
  let text = before;
  text = text.replace('spec:\n', 'spec:\n  # Owned by the finance-systems team; ask before changing auth.\n');
  text = text.replace("description: Your tenant's subdomain", 'description: Our tenant is acme-eu');
  text = text.replace('      records: data\n', '      records: data # checked against the sandbox, 2026-11\n');
  text = text.replace('      path: /customers\n', '      path: /customers\n      idempotencyKeyHeader: Idempotency-Key\n');
  assert.is(text.split('\n').length, before.split('\n').length + 2, 'every hand edit applied');
  await writeFile(file, text);
  return text;
}

test('importing the same document again writes nothing: the same bytes, the same version', async () => {
  const document = await documentVersion();
  const out = path.join(scratch, 'connectors', 'ledger.yaml');
  expectExit(await importTo(document, out), 0);
  const first = await readFile(out, 'utf8');
  const again = await importTo(document, out);
  expectExit(again, 0);
  assert.match(again.stdout, /connector 'ledger' 1\.0\.0 is up to date with .*ledger\.yaml; nothing written/);
  assert.is(await readFile(out, 'utf8'), first);
  // Hand edits do not count as changes of the document.
  const edited = await editByHand(out);
  expectExit(await importTo(document, out), 0);
  assert.is(await readFile(out, 'utf8'), edited);
});

test('an added operation and an added query parameter: a minor version, hand edits kept, the changes listed', async () => {
  const out = path.join(scratch, 'connectors', 'ledger.yaml');
  expectExit(await importTo(await documentVersion(), out), 0);
  const edited = await editByHand(out);
  const changed = await documentVersion((text) =>
    text
      .replace('        - { name: cursor, in: query, schema: { type: string } }\n', '        - { name: cursor, in: query, schema: { type: string } }\n        - { name: status, in: query, description: Only invoices in this state, schema: { type: string, enum: [draft, sent, paid] } }\n')
      .replace('  /customers:\n', '  /credit-notes:\n    get:\n      operationId: listCreditNotes\n      summary: Credit notes, newest first\n      responses:\n        "200": { description: Credit notes, content: { application/json: { schema: { type: array, items: { type: object } } } } }\n  /customers:\n'),
  );
  const again = await importTo(changed, out);
  expectExit(again, 0);
  assert.match(again.stdout, /updated .*ledger\.yaml: connector 'ledger' 1\.0\.0 → 1\.1\.0 \(minor\)/);
  assert.match(again.stdout, /\n  \+ endpoint listCreditNotes\n/);
  assert.match(again.stdout, /\n  ~ endpoint listInvoices: input 'status' added, query\n/);
  const text = await readFile(out, 'utf8');
  const connector = parse(text);
  assert.is(connector.spec.version, '1.1.0');
  assert.equal(connector.spec.endpoints.listInvoices.inputs.status, { type: 'string', description: 'Only invoices in this state', enum: ['draft', 'sent', 'paid'] });
  assert.is(connector.spec.endpoints.listInvoices.query.status, '{{input.status}}');
  assert.is(connector.spec.endpoints.listCreditNotes.path, '/credit-notes');
  // The document's order: the new endpoint sits where the document has it.
  assert.equal(Object.keys(connector.spec.endpoints), ['listInvoices', 'createInvoice', 'updateInvoice', 'deleteInvoice', 'listCreditNotes', 'listCustomers']);
  // Every hand edit is still there, comments included.
  for (const kept of ['# Owned by the finance-systems team; ask before changing auth.', 'description: Our tenant is acme-eu', 'records: data # checked against the sandbox, 2026-11', 'idempotencyKeyHeader: Idempotency-Key']) assert.ok(text.includes(kept), `lost: ${kept}\n${text}`);
  // Outside the endpoints and the version, not a byte moved.
  const outside = (yaml: string) => yaml.slice(0, yaml.indexOf('  endpoints:')).replace(/version: \S+/, 'version: x');
  assert.is(outside(text), outside(edited));
  // The merged connector validates on its own.
  await writeFile(path.join(scratch, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: reimport }\nspec: { exclude: ["specs/**"] }\n');
  const validated = await runWeft(['validate', scratch, '--format', 'json']);
  expectExit(validated, 0);
  // And importing the changed document once more changes nothing.
  const third = await importTo(changed, out);
  assert.match(third.stdout, /1\.1\.0 is up to date/);
  assert.is(await readFile(out, 'utf8'), text);
});

test('a removed operation, a removed input or a newly required one: a major version; a description alone: a patch', async () => {
  const cases: { edit: (text: string) => string; bump: string; change: RegExp }[] = [
    { edit: (text) => text.replace(/    delete:\n      operationId: deleteInvoice\n[\s\S]*?"204": \{ description: Deleted \}\n/, ''), bump: '2.0.0', change: /- endpoint deleteInvoice/ },
    { edit: (text) => text.replace('        - { name: since, in: query, required: true, schema: { type: string, format: date-time } }\n', ''), bump: '2.0.0', change: /~ endpoint listInvoices: input 'since' removed/ },
    { edit: (text) => text.replace('    get:\n      operationId: listInvoices\n', '    get:\n      operationId: listInvoices\n      parameters:\n        - { name: region, in: query, required: true, schema: { type: string } }\n').replace(/      parameters:\n        - \{ name: region[^\n]*\n      tags: \[invoices\]\n      parameters:\n/, '      tags: [invoices]\n      parameters:\n        - { name: region, in: query, required: true, schema: { type: string } }\n'), bump: '2.0.0', change: /input 'region' added, input 'region' now required/ },
    { edit: (text) => text.replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      description: Every customer of the tenant\n'), bump: '1.0.1', change: /~ endpoint listCustomers: description/ },
  ];
  for (const [index, { edit, bump, change }] of cases.entries()) {
    const out = path.join(scratch, `case-${index}`, 'ledger.yaml');
    expectExit(await importTo(await documentVersion(), out), 0);
    const again = await importTo(await documentVersion(edit), out);
    expectExit(again, 0);
    assert.match(again.stdout, new RegExp(`1\\.0\\.0 → ${bump.replace(/\./g, '\\.')} \\((major|minor|patch)\\)`), `case ${index}: ${again.stdout}`);
    assert.match(again.stdout, change, `case ${index}: ${again.stdout}`);
    assert.is(parse(await readFile(out, 'utf8')).spec.version, bump);
  }
});

test('a connector written in another style (4-space indents, lists not indented, {a: 1}) keeps it: only endpoints and version lines change', async () => {
  const out = path.join(scratch, 'ledger.yaml');
  expectExit(await importTo(await documentVersion(), out), 0);
  const { parseDocument } = await import('yaml');
  const document = parseDocument(await readFile(out, 'utf8'));
  document.setIn(['metadata', 'labels'], document.createNode({ team: 'sales' }, { flow: true }));
  const styled = document.toString({ lineWidth: 0, indent: 4, indentSeq: false, flowCollectionPadding: false });
  assert.match(styled, /labels: \{team: sales\}/);
  await writeFile(out, styled);
  const again = await importTo(await documentVersion((text) => text.replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      description: Every customer of the tenant\n')), out);
  expectExit(again, 0);
  assert.match(again.stdout, /1\.0\.0 → 1\.0\.1/);
  const text = await readFile(out, 'utf8');
  const before = styled.split('\n');
  const after = text.split('\n');
  const endpointsAt = (lines: string[]) => lines.findIndex((line) => line === '    endpoints:');
  assert.equal(after.slice(0, endpointsAt(after)).filter((line) => !/^\s+version: /.test(line)), before.slice(0, endpointsAt(before)).filter((line) => !/^\s+version: /.test(line)));
  // Inside the endpoints only the new description came in.
  assert.equal(after.filter((line) => !before.includes(line)).map((line) => line.trim()), ['version: 1.0.1', 'description: Every customer of the tenant']);
});

test('endpoints named like Object.prototype members (toString, constructor) are endpoints like any other', async () => {
  const out = path.join(scratch, 'ledger.yaml');
  const withToString = (text: string) => text.replace('      operationId: listCustomers\n', '      operationId: toString\n');
  expectExit(await importTo(await documentVersion(), out), 0);
  const added = await importTo(await documentVersion(withToString), out);
  expectExit(added, 0);
  assert.match(added.stdout, /\+ endpoint toString\n/);
  assert.match(added.stdout, /- endpoint listCustomers\n/);
  const removed = await importTo(await documentVersion(), out);
  expectExit(removed, 0);
  assert.match(removed.stdout, /→ 3\.0\.0 \(major\)/);
  assert.match(removed.stdout, /- endpoint toString\n/);
});

test('importing again with --tag or --operation updates the endpoints chosen and leaves the others alone', async () => {
  const out = path.join(scratch, 'ledger.yaml');
  expectExit(await importTo(await documentVersion(), out), 0);
  const before = await readFile(out, 'utf8');
  // The customers' endpoint changed in the document; only it is imported again.
  const changed = await documentVersion((text) => text.replace('      operationId: listCustomers\n', '      operationId: listCustomers\n      description: Every customer of the tenant\n'));
  const again = await runWeft(['import', 'openapi', changed, '--name', 'ledger', '--tag', 'customers', '--out', out]);
  expectExit(again, 0);
  assert.match(again.stdout, /1\.0\.0 → 1\.0\.1 \(patch\)/);
  assert.not.match(again.stdout, /- endpoint/);
  const connector = parse(await readFile(out, 'utf8'));
  assert.equal(Object.keys(connector.spec.endpoints), Object.keys(parse(before).spec.endpoints));
  assert.is(connector.spec.endpoints.listCustomers.description, 'Every customer of the tenant');
  assert.equal(connector.spec.endpoints.listInvoices, parse(before).spec.endpoints.listInvoices);
  // The same partial import again: nothing to write.
  const third = await runWeft(['import', 'openapi', changed, '--name', 'ledger', '--operation', 'listCustomers', '--out', out]);
  expectExit(third, 0);
  assert.match(third.stdout, /up to date/);
});

test('the document changes auth or settings: the connector keeps its own, and the import says so', async () => {
  const out = path.join(scratch, 'ledger.yaml');
  expectExit(await importTo(await documentVersion(), out), 0);
  const before = parse(await readFile(out, 'utf8'));
  const again = await importTo(await documentVersion((text) => text.replace('invoices.write', 'invoices.admin')), out);
  expectExit(again, 0);
  assert.match(again.stderr, /the document's spec\.auth differs from the connector's: kept as it is/);
  assert.match(again.stdout, /up to date/);
  assert.equal(parse(await readFile(out, 'utf8')).spec.auth, before.spec.auth);
});

test('--out naming a file that is not this connector: refused, the file untouched', async () => {
  const document = await documentVersion();
  const other = path.join(scratch, 'flow.yaml');
  const flow = 'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: keep-me }\nspec:\n  trigger: { manual: {} }\n  steps: []\n';
  await writeFile(other, flow);
  const refused = await importTo(document, other);
  expectExit(refused, 1);
  assert.match(refused.stderr, /flow\.yaml exists and is not left alone to be overwritten: it is not one connector document \(kind: Connector\)/);
  assert.is(await readFile(other, 'utf8'), flow);

  const connector = path.join(scratch, 'crm.yaml');
  expectExit(await importTo(document, connector, 'crm'), 0);
  const text = await readFile(connector, 'utf8');
  const renamed = await importTo(document, connector, 'ledger');
  expectExit(renamed, 1);
  assert.match(renamed.stderr, /it is connector 'crm', not 'ledger'/);
  assert.is(await readFile(connector, 'utf8'), text);

  const broken = path.join(scratch, 'broken.yaml');
  await writeFile(broken, 'kind: Connector\nspec: [unclosed\n');
  const unreadable = await importTo(document, broken);
  expectExit(unreadable, 1);
  assert.match(unreadable.stderr, /broken\.yaml exists and is not left alone to be overwritten: it is not valid YAML/);
  assert.not.match(unreadable.stderr, /\n\s+at /);
});

test('weft plan after a re-import shows the connector change and every instance and flow it reaches', async () => {
  const project = path.join(scratch, 'project');
  await mkdir(path.join(project, 'connectors'), { recursive: true });
  await writeFile(path.join(project, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: reimport }\n');
  const out = path.join(project, 'connectors', 'ledger.yaml');
  expectExit(await importTo(await documentVersion(), out), 0);
  for (const [name, tenant] of [['ledger-eu', 'acme-eu'], ['ledger-us', 'acme-us']] as const) {
    await writeFile(
      path.join(project, `${name}.yaml`),
      `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: ${name} }\nspec:\n  connector: ledger@^1.0\n  auth: oauth\n  settings: { tenant: ${tenant} }\n  credentials: { oauthClientId: "\${env:LEDGER_ID}", oauthClientSecret: "\${env:LEDGER_SECRET}" }\n`,
    );
  }
  await writeFile(
    path.join(project, 'invoices.yaml'),
    'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: eu-invoices }\nspec:\n  trigger: { manual: {} }\n  steps:\n    - id: invoices\n      receive: { instance: ledger-eu, endpoint: listInvoices, input: { since: "2026-01-01T00:00:00Z" } }\n',
  );
  const env = { LEDGER_ID: 'client-id-for-tests', LEDGER_SECRET: 'client-secret-for-tests-5521', WEFT_SECRET_KEY: 'a test passphrase' };
  expectExit(await runWeft(['apply', project], { env }), 0);

  const again = await importTo(await documentVersion((text) => text.replace('        - { name: cursor, in: query, schema: { type: string } }\n', '        - { name: cursor, in: query, schema: { type: string } }\n        - { name: status, in: query, schema: { type: string } }\n')), out);
  expectExit(again, 0);
  assert.match(again.stdout, /1\.0\.0 → 1\.1\.0/);
  const plan = await runWeft(['plan', project, '--format', 'json'], { env });
  expectExit(plan, 0);
  const actions = (JSON.parse(plan.stdout) as { actions: { action: string; address: string; reaches?: string[] }[] }).actions.filter((action) => action.action !== 'no-op');
  const connector = actions.find((action) => action.address === 'connector.ledger');
  assert.ok(connector, JSON.stringify(actions));
  assert.is(connector.action, 'update');
  assert.equal(connector.reaches, ['instance.ledger-eu', 'instance.ledger-us', 'flow.eu-invoices']);
  const text = await runWeft(['plan', project], { env });
  assert.match(text.stdout, /reaches: instance\.ledger-eu, instance\.ledger-us, flow\.eu-invoices/);
  assert.not.ok(text.stdout.includes('client-secret-for-tests-5521'));
});

test.run();
