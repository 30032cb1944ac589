import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';

const test = suite('plan-command');
let project: string;

test.before.each(async () => {
  project = await copyFixture(path.join(repoRoot, 'examples', 'acme'), 'weft-plan-');
});
test.after.each(async () => {
  await removeTemporaryDirectory(project);
});

test('plan, apply, plan again: Terraform-like output and exit codes', async () => {
  const first = await runWeft(['plan', project, '--detailed-exitcode']);
  assert.is(first.code, 2, first.stderr);
  assert.match(first.stdout, /\+ connector\.shopify/);
  assert.match(first.stdout, /Plan: 17 to add, 0 to change, 0 to destroy\./);
  assert.is((await runWeft(['plan', project])).code, 0);

  const applied = await runWeft(['apply', project]);
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /Apply complete! Resources: 17 added, 0 changed, 0 destroyed\. Revision 1\./);

  const again = await runWeft(['plan', project, '--detailed-exitcode']);
  assert.is(again.code, 0);
  assert.match(again.stdout, /^No changes\./);
  const noop = await runWeft(['apply', project]);
  assert.match(noop.stdout, /Nothing to apply\./);

  const revisions = await runWeft(['revisions', project]);
  assert.is(revisions.code, 0);
  assert.match(revisions.stdout, /^ {3}1 {2}\d{4}-\d\d-\d\dT.* \+17 ~0 -0\n$/);
  const listed = JSON.parse((await runWeft(['revisions', project, '--format', 'json'])).stdout);
  assert.equal(listed.revisions.map((revision: { number: number }) => revision.number), [1]);

  const json = JSON.parse((await runWeft(['plan', project, '--format', 'json'])).stdout);
  assert.is(json.format_version, '1');
  assert.is(json.state_revision, 1);
  assert.is(json.changes, false);
});

test('a connector change shows the field and what it reaches', async () => {
  await runWeft(['apply', project]);
  const file = path.join(project, 'connectors', 'shopify.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
  const plan = await runWeft(['plan', project, '--detailed-exitcode']);
  assert.is(plan.code, 2);
  assert.match(plan.stdout, /~ spec\.version: "1\.4\.0" → "1\.5\.0"/);
  assert.match(plan.stdout, /reaches: instance\.shopify-uk, instance\.shopify-us, flow\./);
  assert.match(plan.stdout, /instance\.shopify-uk will be updated through connector shopify 1\.4\.0 → 1\.5\.0/);
  assert.match(plan.stdout, /Plan: 0 to add, 3 to change, 0 to destroy\./);
});

test('a project with errors plans nothing (exit 1); deleting most of what is deployed needs --allow-mass-delete', async () => {
  await runWeft(['apply', project]);
  await rm(path.join(project, 'flows'), { recursive: true });
  await rm(path.join(project, 'instances'), { recursive: true });
  const refused = await runWeft(['apply', project]);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /would destroy 13 of the 17 deployed resources; re-run with --allow-mass-delete/);
  const allowed = await runWeft(['apply', project, '--allow-mass-delete']);
  assert.is(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /13 destroyed\. Revision 2\./);
  await writeFile(path.join(project, 'connectors', 'broken.yaml'), 'apiVersion: weft/v1\nkind: Connector\nmetadata: { name: Broken }\n');
  const broken = await runWeft(['plan', project]);
  assert.is(broken.code, 1);
  assert.match(broken.stderr, /nothing planned/);
});

test.run();
