import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { validateProject } from '../src/pipeline/validate-project.js';
import { runFlow } from '../src/runtime/run-flow.js';
import { removeProject, writeProject } from './helpers/temp-project.js';
import { flowFile, resolveShapes, shapeBundle, startShapeApi, type ShapeApi } from './helpers/flow-shapes.js';

/** $lookup at run time: tables written inline or in a CSV file, both ways, with a default or a failure. */
const test = suite('lookup-tables');

let api: ShapeApi;
test.before(async () => {
  api = await startShapeApi();
});
test.after(() => api.close());
test.before.each(() => {
  api.received = [];
});

const run = { id: 'run-1', startedAt: '2026-12-06T10:00:00.000Z' };
const lookups = {
  'lookups/countries.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: countries }\nspec:\n  file: countries.csv\n  columns: { left: iso2, right: numeric }\n',
  'lookups/countries.csv': 'iso2,name,numeric\r\nGB,"United Kingdom, the",826\r\nFR,France,250\r\n',
  'lookups/status.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: status }\nspec:\n  missing: default\n  default: other\n  entries:\n    - { left: 1, right: open }\n    - { left: 2, right: closed }\n',
};
const steps = `    - id: codes
      map: |
        {
          "id": id,
          "numeric": $lookup('countries', country),
          "back": $lookup('countries', numeric, 'reverse'),
          "status": $lookup('status', state),
          "none": $lookup('countries', missingField)
        }
    - id: push
      send: { instance: api, endpoint: push, input: { queue: out } }
`;

test('forward, reverse, numbers matched as text, a default for a missing value, nothing for no value', async () => {
  const bundle = await shapeBundle(api.port, { ...lookups, 'flow.yaml': flowFile('codes', steps) });
  const records = [
    { id: 1, country: 'GB', numeric: 250, state: 1 },
    { id: 2, country: 'FR', numeric: '826', state: '2' },
    { id: 3, country: 'FR', numeric: 250, state: 9 },
  ];
  const outcome = await runFlow('codes', { bundle, resolve: resolveShapes, run, passes: [{ records }] });
  assert.is(outcome.status, 'succeeded', outcome.error);
  assert.equal(api.at('/out'), [
    { id: 1, numeric: '826', back: 'FR', status: 'open' },
    { id: 2, numeric: '250', back: 'GB', status: 'closed' },
    { id: 3, numeric: '250', back: 'FR', status: 'other' },
  ]);
});

test('a value a table lacks, without a default, fails the record naming the table and the value; so does a bad direction', async () => {
  const bundle = await shapeBundle(api.port, { ...lookups, 'flow.yaml': flowFile('codes', steps) });
  const outcome = await runFlow('codes', { bundle, resolve: resolveShapes, run, passes: [{ records: [{ id: 1, country: 'XX', numeric: 250, state: 1 }, { id: 2, country: 'GB', numeric: 250, state: 1 }] }] });
  assert.is(outcome.status, 'partial');
  assert.equal(outcome.failures.map((failure) => [failure.step, failure.index, failure.error]), [['codes', 0, `map expression: $lookup('countries'): no entry for left value "XX"`]]);
  assert.equal(api.at('/out').map((body) => (body as { id: number }).id), [2]);

  const sideways = await shapeBundle(api.port, { ...lookups, 'flow.yaml': flowFile('codes', `    - id: codes\n      map: "$lookup('countries', country, 'sideways')"\n    - id: push\n      send: { instance: api, endpoint: push, input: { queue: out } }\n`) });
  const bad = await runFlow('codes', { bundle: sideways, resolve: resolveShapes, run, passes: [{ records: [{ country: 'GB' }] }] });
  assert.match(bad.failures[0]!.error, /the direction is 'forward' or 'reverse', not "sideways"/);
});

test('a CSV file that links outside the project, or lies in a hidden folder, is refused unread', async () => {
  const outside = await writeProject({ 'secret.csv': 'left,right\nTOKEN,hunter2-do-not-print\n' });
  const root = await writeProject({
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: links }\n',
    'linked.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: linked }\nspec: { file: linked.csv }\n',
    'hidden.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: hidden }\nspec: { file: .weft/state.csv }\n',
    'device.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: device }\nspec: { file: zero.csv }\n',
    'null.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: devnull }\nspec: { file: null.csv }\n',
  });
  try {
    await symlink(path.join(outside, 'secret.csv'), path.join(root, 'linked.csv'));
    // A device anywhere is outside the project; a folder named .csv inside it is not a file.
    await mkdir(path.join(root, 'zero.csv'));
    await symlink('/dev/zero', path.join(root, 'null.csv'));
    await mkdir(path.join(root, '.weft'));
    await writeFile(path.join(root, '.weft', 'state.csv'), 'left,right\nx,y\n');
    const result = await validateProject(root);
    const messages = result.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.file}: ${diagnostic.message}`);
    assert.equal(messages, [
      "bad-lookup-file device.yaml: lookup 'device': zero.csv is not a regular file",
      "bad-lookup-file hidden.yaml: lookup 'hidden' reads '.weft/state.csv', which is in a hidden folder or file",
      "bad-lookup-file linked.yaml: lookup 'linked' reads 'linked.csv', which is outside the project",
      "bad-lookup-file null.yaml: lookup 'devnull' reads 'null.csv', which is outside the project",
    ]);
    assert.not.match(JSON.stringify(result.diagnostics), /hunter2/);
  } finally {
    await removeProject(root);
    await removeProject(outside);
  }
});

test.run();
