import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IncrementalProject } from '../src/watch/incremental-project.js';
import { validateAllEnvironments, type ValidationResult } from '../src/pipeline/validate-project.js';
import { completionsAt, hoverFor, quickFixes, renameEdits, RenameError, type Edit } from '../src/lsp/features.js';
import { definitionOf, occurrencesOf, symbolAt } from '../src/lsp/symbols.js';
import { cursorAt } from '../src/lsp/yaml-cursor.js';
import { offsetAt, positionAt } from '../src/lsp/positions.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';

/**
 * What `weft lsp` answers, in process, on small projects written in the styles people use: flow
 * and block mappings, quoted names, ranges after a connector's name, previousNames already
 * there, lookups named in expressions. (test/lsp.test.ts speaks to the real server.)
 */
const test = suite('lsp-features');

const connector = `apiVersion: weft/v1
kind: Connector
metadata: { name: crm, description: The CRM }
spec:
  version: 2.3.0
  http:
    baseUrl: "https://{{settings.host}}/api"
    headers: { X-Key: "{{credentials.apiKey}}" }
  settings:
    type: object
    properties:
      host: { type: string, description: the CRM's host name }
  credentials:
    apiKey: { description: API key }
  auth:
    none: { type: none }
  endpoints:
    listContacts:
      method: GET
      path: /contacts
      records: items
    updateContact:
      method: PUT
      path: /contacts/{{input.contactId}}
      inputs:
        contactId: { type: string, description: the contact's id }
        notify: { type: boolean }
      body: "{{record}}"
`;

const instance = `apiVersion: weft/v1
kind: Instance
metadata:
  name: "crm-main"
  previousNames:
    - crm-old
spec:
  connector: crm@^2.1
  auth: none
  settings:
    host: crm.example.com
  credentials:
    apiKey: \${secret:crm/key}
`;

const lookup = `apiVersion: weft/v1
kind: Lookup
metadata: { name: regions, previousNames: [zones] }
spec:
  entries:
    - { left: GB, right: uk }
`;

const flow = `apiVersion: weft/v1
kind: Flow
metadata: { name: sync-contacts }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: crm-main, endpoint: listContacts }
    - id: shape
      map: |
        { "id": id, "region": $lookup('regions', country) }
    - id: push
      send:
        instance: 'crm-main'
        endpoint: updateContact
        input: { contactId: "{{record.id}}" }
    - id: child
      run: { flow: audit }
`;

const audit = `apiVersion: weft/v1
kind: Flow
metadata:
  name: audit
spec:
  trigger: { manual: {} }
  steps:
    - id: shape
      map: '{ "region": $lookup("regions", country) }'
`;

const tests = `apiVersion: weft/v1
kind: Test
metadata: { name: audit-test }
spec:
  flow: audit
  given: { records: [{ country: GB }] }
  expect: { status: succeeded }
`;

let root = '';
let result: ValidationResult;

test.before.each(async () => {
  root = await writeProject({
    'weft.yaml': projectFile,
    'connectors/crm.yaml': connector,
    'instances/crm.yaml': instance,
    'lookups/regions.yaml': lookup,
    'flows/sync.yaml': flow,
    'flows/audit.yaml': audit,
    'tests/audit.yaml': tests,
  });
  const project = new IncrementalProject(root);
  await project.rediscover();
  result = project.validateEveryEnvironment();
  assert.equal(
    result.diagnostics.map((diagnostic) => `${diagnostic.file}:${diagnostic.line} ${diagnostic.code} ${diagnostic.message}`),
    [],
  );
});

test.after.each(async () => {
  await removeProject(root);
});

function at(file: string, needle: string, into = 1): number {
  const text = result.project.sources.get(file)!;
  const offset = text.indexOf(needle);
  if (offset === -1) throw new Error(`'${needle}' not in ${file}`);
  return offset + into;
}

function spanText(place: { file: string; span: [number, number] }): string {
  return result.project.sources.get(place.file)!.slice(place.span[0], place.span[1]);
}

/** Applies edits to the project's files on disk and validates the directory afresh. */
async function applyAndValidate(edits: readonly Edit[]): Promise<ValidationResult> {
  const byFile = new Map<string, Edit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [file, list] of byFile) {
    let text = await readFile(path.join(root, file), 'utf8');
    for (const edit of [...list].sort((a, b) => b.span[0] - a.span[0])) text = text.slice(0, edit.span[0]) + edit.text + text.slice(edit.span[1]);
    await writeFile(path.join(root, file), text);
  }
  return (await validateAllEnvironments(root)) as ValidationResult;
}

test('definitions: a quoted instance, a step input, a $lookup table in either quotes, a child flow, a test flow, credentials', () => {
  const cases: [string, string, string, string][] = [
    ['flows/sync.yaml', "instance: 'crm-main'", 'instances/crm.yaml', 'crm-main'],
    ['flows/sync.yaml', 'contactId: "{{', 'connectors/crm.yaml', 'contactId'],
    ['flows/sync.yaml', "$lookup('regions'", 'lookups/regions.yaml', 'regions'],
    ['flows/audit.yaml', '$lookup("regions"', 'lookups/regions.yaml', 'regions'],
    ['flows/sync.yaml', 'flow: audit', 'flows/audit.yaml', 'audit'],
    ['tests/audit.yaml', 'flow: audit', 'flows/audit.yaml', 'audit'],
    ['connectors/crm.yaml', '{{credentials.apiKey}}', 'connectors/crm.yaml', 'apiKey'],
    ['connectors/crm.yaml', '{{input.contactId}}', 'connectors/crm.yaml', 'contactId'],
    ['instances/crm.yaml', 'host: crm', 'connectors/crm.yaml', 'host'],
  ];
  for (const [file, needle, target, name] of cases) {
    const into = needle.startsWith('$lookup') ? 10 : needle.startsWith('{{') ? needle.indexOf('.') + 2 : needle.startsWith('instance') || needle.startsWith('flow') ? needle.indexOf(':') + 3 : 1;
    const symbol = symbolAt(result, file, at(file, needle, into));
    assert.ok(symbol, `${file}: nothing at '${needle}'`);
    const place = definitionOf(result, symbol!);
    assert.is(place?.file, target, `${file} '${needle}'`);
    assert.is(spanText(place!), name, `${file} '${needle}'`);
  }
});

test('references of an endpoint, an input, a setting and a lookup name each place exactly', () => {
  const endpoint = occurrencesOf(result, { kind: 'endpoint', connector: 'crm', name: 'updateContact' });
  assert.equal(endpoint.map((place) => `${place.file}:${spanText(place)}`), ['connectors/crm.yaml:updateContact', 'flows/sync.yaml:updateContact']);
  const input = occurrencesOf(result, { kind: 'input', connector: 'crm', endpoint: 'updateContact', name: 'contactId' });
  assert.equal(input.map((place) => `${place.file}:${spanText(place)}`), ['connectors/crm.yaml:contactId', 'flows/sync.yaml:contactId', 'connectors/crm.yaml:contactId']);
  const setting = occurrencesOf(result, { kind: 'setting', connector: 'crm', name: 'host' });
  assert.equal(setting.map((place) => `${place.file}:${spanText(place)}`), ['connectors/crm.yaml:host', 'connectors/crm.yaml:host', 'instances/crm.yaml:host']);
  const table = occurrencesOf(result, { kind: 'Lookup', name: 'regions' });
  assert.equal(table.map((place) => `${place.file}:${spanText(place)}`).sort(), ['flows/audit.yaml:regions', 'flows/sync.yaml:regions', 'lookups/regions.yaml:regions']);
});

test('rename an instance with a quoted name and a block previousNames: quotes kept, old name appended as an item', async () => {
  const edits = renameEdits(result, 'flows/sync.yaml', at('flows/sync.yaml', 'instance: crm-main', 12), 'crm-primary');
  const validated = await applyAndValidate(edits);
  assert.is(validated.errorCount, 0, JSON.stringify(validated.diagnostics));
  const text = await readFile(path.join(root, 'instances/crm.yaml'), 'utf8');
  assert.match(text, /name: "crm-primary"\n  previousNames:\n    - crm-old\n    - crm-main\n/);
  const flowText = await readFile(path.join(root, 'flows/sync.yaml'), 'utf8');
  assert.match(flowText, /receive: \{ instance: crm-primary, endpoint/);
  assert.match(flowText, /instance: 'crm-primary'/);
});

test('rename a connector: only the name part of name@range changes', async () => {
  const edits = renameEdits(result, 'connectors/crm.yaml', at('connectors/crm.yaml', 'name: crm', 7), 'crm-api');
  const validated = await applyAndValidate(edits);
  assert.is(validated.errorCount, 0, JSON.stringify(validated.diagnostics));
  assert.match(await readFile(path.join(root, 'instances/crm.yaml'), 'utf8'), /connector: crm-api@\^2\.1\n/);
  assert.match(await readFile(path.join(root, 'connectors/crm.yaml'), 'utf8'), /metadata: \{ name: crm-api, previousNames: \[crm\], description/);
});

test('rename a lookup from a $lookup call: both quote styles, and the flow-style previousNames grows', async () => {
  const edits = renameEdits(result, 'flows/audit.yaml', at('flows/audit.yaml', '$lookup("regions"', 11), 'areas');
  const validated = await applyAndValidate(edits);
  assert.is(validated.errorCount, 0, JSON.stringify(validated.diagnostics));
  assert.match(await readFile(path.join(root, 'flows/audit.yaml'), 'utf8'), /\$lookup\("areas", country\)/);
  assert.match(await readFile(path.join(root, 'flows/sync.yaml'), 'utf8'), /\$lookup\('areas', country\)/);
  assert.match(await readFile(path.join(root, 'lookups/regions.yaml'), 'utf8'), /metadata: \{ name: areas, previousNames: \[zones, regions\] \}/);
});

test('rename a flow: the steps that run it and the tests of it follow', async () => {
  const edits = renameEdits(result, 'flows/audit.yaml', at('flows/audit.yaml', 'name: audit', 7), 'audit-trail');
  const validated = await applyAndValidate(edits);
  assert.is(validated.errorCount, 0, JSON.stringify(validated.diagnostics));
  assert.match(await readFile(path.join(root, 'tests/audit.yaml'), 'utf8'), /flow: audit-trail\n/);
  assert.match(await readFile(path.join(root, 'flows/sync.yaml'), 'utf8'), /run: \{ flow: audit-trail \}/);
  assert.match(await readFile(path.join(root, 'flows/audit.yaml'), 'utf8'), /  name: audit-trail\n  previousNames: \[audit\]\n/);
});

test('rename refuses what is not a resource name; renaming to the same name changes nothing', () => {
  assert.throws(() => renameEdits(result, 'flows/sync.yaml', at('flows/sync.yaml', 'id: fetch', 5), 'x'), (error: unknown) => error instanceof RenameError);
  assert.throws(() => renameEdits(result, 'flows/sync.yaml', at('flows/sync.yaml', 'flow: audit', 7), 'Audit'), /not a resource name/);
  assert.equal(renameEdits(result, 'flows/sync.yaml', at('flows/sync.yaml', 'flow: audit', 7), 'audit'), []);
});

test('completion: lookup names, credentials in a template, connectors with their versions, nothing in a comment', async () => {
  const text = result.project.sources.get('flows/sync.yaml')!;
  const inLookup = text.indexOf("$lookup('regions'") + "$lookup('re".length;
  assert.equal(
    completionsAt(result, 'flows/sync.yaml', inLookup).map((item) => item.label),
    ['regions'],
  );
  const connectorText = result.project.sources.get('connectors/crm.yaml')!;
  const credential = connectorText.indexOf('{{credentials.apiKey}}') + '{{credentials.'.length;
  assert.equal(
    completionsAt(result, 'connectors/crm.yaml', credential).map((item) => item.label),
    ['apiKey'],
  );
  const connectors = completionsAt(result, 'instances/crm.yaml', at('instances/crm.yaml', 'connector: crm', 'connector: cr'.length));
  assert.equal(
    connectors.map((item) => `${item.label} ${item.detail}`),
    ['crm connector 2.3.0'],
  );
  // What accepting it replaces: the whole name@range word.
  assert.is(result.project.sources.get('instances/crm.yaml')!.slice(...connectors[0]!.replace), 'crm@^2.1');
});

test('hover: a setting with its type and description; an input of an endpoint', () => {
  assert.match(hoverFor(result, { kind: 'setting', connector: 'crm', name: 'host' })!, /\*\*host\*\* — setting of connector `crm` \(string\)\n\nthe CRM's host name/);
  assert.match(hoverFor(result, { kind: 'endpoint', connector: 'crm', name: 'updateContact' })!, /`contactId` \(string\), required — the contact's id\n- `notify` \(boolean\)$/m);
  assert.is(hoverFor(result, { kind: 'setting', connector: 'crm', name: 'nope' }), undefined);
});

test('quick fixes: an unused weft-ignore removed with its line; one after a value removed alone', () => {
  const text = 'a: 1\n# weft-ignore unused-instance: not used yet\nb: 2 # weft-ignore unused-instance: later\n';
  const own = text.indexOf('# weft-ignore');
  const [removeLine] = quickFixes('x.yaml', text, { code: 'unused-suppression', message: 'unused', span: [own, own + 10] });
  assert.is(apply(text, removeLine!.edits), 'a: 1\nb: 2 # weft-ignore unused-instance: later\n');
  const trailing = text.lastIndexOf('# weft-ignore');
  const [removeComment] = quickFixes('x.yaml', text, { code: 'unused-suppression', message: 'unused', span: [trailing, trailing + 10] });
  assert.is(apply(text, removeComment!.edits), 'a: 1\n# weft-ignore unused-instance: not used yet\nb: 2\n');
  // A did-you-mean whose span is a whole key: the key is replaced, not the value after it.
  const typo = 'spec:\n  trigerr: {}\n';
  const [rename] = quickFixes('x.yaml', typo, { message: "unknown key 'trigerr'", hint: "did you mean 'trigger'?", span: [typo.indexOf('trigerr'), typo.indexOf('trigerr') + 7] });
  assert.is(apply(typo, rename!.edits), 'spec:\n  trigger: {}\n');
  // No hint, no fix.
  assert.equal(quickFixes('x.yaml', typo, { code: 'schema', message: 'something', span: [0, 4] }), []);
});

test('the cursor on keys, values, empty values and flow mappings; positions round-trip with CRLF', () => {
  const text = 'a:\n  b: { c: , d: x }\n  e:\n';
  assert.equal(cursorAt(text, text.indexOf('c:') + 3)?.path, ['a', 'b', 'c']);
  assert.is(cursorAt(text, text.indexOf('c:') + 3)?.role, 'value');
  assert.equal(cursorAt(text, text.indexOf('d:'))?.path, ['a', 'b', 'd']);
  assert.is(cursorAt(text, text.indexOf('d:'))?.role, 'key');
  assert.is(cursorAt(text, text.indexOf('x'))?.scalar?.value, 'x');
  const crlf = 'a: 1\r\nb: 2\r\n';
  for (let offset = 0; offset <= crlf.length; offset++) {
    if (crlf[offset - 1] === '\r') continue; // between CR and LF is not a position an editor has
    assert.is(offsetAt(crlf, positionAt(crlf, offset)), offset);
  }
  assert.equal(positionAt(crlf, crlf.indexOf('b')), { line: 1, character: 0 });
});

function apply(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span[0] - a.span[0])) result = result.slice(0, edit.span[0]) + edit.text + result.slice(edit.span[1]);
  return result;
}

test.run();
