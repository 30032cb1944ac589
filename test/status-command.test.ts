import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { git, hermeticGit } from './helpers/git.js';
import { engineToken, startEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, runWeft, type RunResult } from './helpers/run-weft.js';

/**
 * Promotion, black-box: a git repository whose project has staging and production, each on a
 * real `weft engine start` of its own on loopback. Applies record where they came from (commit,
 * branch, dirty, author; `weft revisions`), and `weft status --all` says, per environment, in
 * sync, behind (with the commits), drifted or unreachable, with exit codes for CI.
 */
const test = suite('status-command');

let staging: RemoteEngine;
let production: RemoteEngine;
let repository: string;
let project: string;

const author = 'weft test <test@weft.invalid>';

function weft(args: string[]): Promise<RunResult> {
  return runWeft(args, { env: { ...hermeticGit, WEFT_ENGINE_TOKEN: engineToken, STAGING_TOKEN: engineToken, PRODUCTION_TOKEN: engineToken } });
}

function flowFile(map: string): string {
  return `apiVersion: weft/v1
kind: Flow
metadata: { name: copy-orders }
spec:
  trigger: { manual: {} }
  steps:
    - id: shape
      map: '${map}'
`;
}

async function commit(files: Record<string, string>, message: string): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(project, file)), { recursive: true });
    await writeFile(path.join(project, file), text);
  }
  git(repository, 'add', '-A');
  git(repository, 'commit', '-q', '-m', message);
  return git(repository, 'rev-parse', 'HEAD').trim();
}

interface StatusJson {
  compared: { ref: string; commit: string | null; dirty: boolean | null };
  main: string | null;
  environments: { environment: string | null; status: string; reason: string; commits?: { commit: string; subject: string }[]; applied?: { number: number; source?: unknown } }[];
}

async function status(...args: string[]): Promise<{ result: RunResult; json: StatusJson }> {
  const result = await weft(['status', project, '--format', 'json', ...args]);
  expectNoStackTrace(result);
  return { result, json: JSON.parse(result.stdout) as StatusJson };
}

const byEnvironment = (json: StatusJson) => Object.fromEntries(json.environments.map((entry) => [entry.environment, entry.status]));

test.before(async () => {
  [staging, production] = await Promise.all([startEngine(), startEngine()]);
  repository = await makeTemporaryDirectory('weft-status-');
  // The project in a subfolder, as in a monorepo: commits elsewhere are not its history.
  project = path.join(repository, 'integrations');
  git(repository, 'init', '-q', '-b', 'main');
  await commit(
    {
      'weft.yaml': `apiVersion: weft/v1
kind: Project
metadata: { name: promotion }
spec:
  defaultEnvironment: staging
  environments:
    staging: { engine: { url: "${staging.url}", token: "\${env:STAGING_TOKEN}" } }
    production: { engine: { url: "${production.url}", token: "\${env:PRODUCTION_TOKEN}" } }
`,
      'flows/copy-orders.yaml': flowFile('{ "id": id }'),
      '.gitignore': '.weft/\n',
    },
    'First flow',
  );
});

test.after(async () => {
  await Promise.all([staging?.stop(), production?.stop()]);
  if (repository) await removeTemporaryDirectory(repository);
});

test('an apply records its commit, branch, dirty flag and author; weft revisions shows them', async () => {
  const head = git(repository, 'rev-parse', 'HEAD').trim();
  expectExit(await weft(['apply', project, '--env', 'staging']), 0);
  expectExit(await weft(['apply', project, '--env', 'production']), 0);
  const listed = await weft(['revisions', project, '--env', 'staging', '--format', 'json']);
  expectExit(listed, 0);
  const [revision] = (JSON.parse(listed.stdout) as { revisions: { source?: unknown }[] }).revisions;
  assert.equal(revision!.source, { commit: head, branch: 'main', dirty: false, author });
  const pretty = await weft(['revisions', project, '--env', 'production']);
  assert.match(pretty.stdout, `from ${head.slice(0, 12)} on main, by ${author}`);
});

test('both environments in sync: exit 0', async () => {
  const { result, json } = await status('--all');
  expectExit(result, 0);
  assert.equal(byEnvironment(json), { staging: 'in-sync', production: 'in-sync' });
  assert.is(json.main, 'main');
});

test('after a commit both are behind by it (exit 3); applying staging brings it in sync, production stays behind', async () => {
  // A commit outside the project's folder is not the project's history.
  await writeFile(path.join(repository, 'README.md'), 'elsewhere\n');
  git(repository, 'add', '-A');
  git(repository, 'commit', '-q', '-m', 'Docs only');
  const change = await commit({ 'flows/copy-orders.yaml': flowFile('{ "id": id, "copied": true }') }, 'Mark copied orders');
  const behind = await status('--all');
  expectExit(behind.result, 3);
  assert.equal(byEnvironment(behind.json), { staging: 'behind', production: 'behind' });
  assert.equal(behind.json.environments[1]!.commits, [{ commit: change, subject: 'Mark copied orders' }]);
  assert.match(behind.json.environments[1]!.reason, /is 1 commit behind/);

  expectExit(await weft(['apply', project, '--env', 'staging']), 0);
  const promoted = await status('--all');
  expectExit(promoted.result, 3);
  assert.equal(byEnvironment(promoted.json), { staging: 'in-sync', production: 'behind' });
  // --env narrows to one environment; staging alone is in sync.
  const one = await status('--env', 'staging');
  expectExit(one.result, 0);
  assert.equal(byEnvironment(one.json), { staging: 'in-sync' });
  // The pretty report lists the commits production lacks.
  const pretty = await weft(['status', project]);
  expectExit(pretty, 3);
  assert.match(pretty.stdout, /production\s+behind\s+revision 1 \(from [0-9a-f]{12} on main\) is 1 commit behind/);
  assert.match(pretty.stdout, `${change.slice(0, 12)} Mark copied orders`);
});

test('applied from a branch not merged: drifted (exit 4); applied from uncommitted changes: drifted', async () => {
  git(repository, 'checkout', '-q', '-b', 'experiment');
  await commit({ 'flows/copy-orders.yaml': flowFile('{ "id": id, "experiment": true }') }, 'Try something');
  expectExit(await weft(['apply', project, '--env', 'production']), 0);
  git(repository, 'checkout', '-q', 'main');
  const drifted = await status('--all');
  expectExit(drifted.result, 4);
  assert.equal(byEnvironment(drifted.json), { staging: 'in-sync', production: 'drifted' });
  assert.match(drifted.json.environments[1]!.reason, /on experiment, which is not on main/);

  // Uncommitted changes applied to staging, then put back.
  await writeFile(path.join(project, 'flows', 'copy-orders.yaml'), flowFile('{ "id": id, "local": true }'));
  expectExit(await weft(['apply', project, '--env', 'staging']), 0);
  const revisions = JSON.parse((await weft(['revisions', project, '--env', 'staging', '--format', 'json'])).stdout) as { revisions: { source: { dirty: boolean } }[] };
  assert.is(revisions.revisions.at(-1)!.source.dirty, true);
  git(repository, 'checkout', '-q', '--', '.');
  const dirty = await status('--all');
  expectExit(dirty.result, 4);
  assert.equal(byEnvironment(dirty.json), { staging: 'drifted', production: 'drifted' });
  assert.match(dirty.json.environments[0]!.reason, /applied from uncommitted changes/);

  // Promoting main again brings both back.
  expectExit(await weft(['apply', project, '--env', 'staging']), 0);
  expectExit(await weft(['apply', project, '--env', 'production']), 0);
  const synced = await status();
  expectExit(synced.result, 0);
  assert.equal(byEnvironment(synced.json), { staging: 'in-sync', production: 'in-sync' });
});

test('--ref compares with a commit instead of the working tree', async () => {
  const { result, json } = await status('--all', '--ref', 'HEAD~1');
  expectExit(result, 3);
  assert.is(json.compared.ref, 'HEAD~1');
  // The engines run HEAD, which HEAD~1 does not contain.
  assert.equal(byEnvironment(json), { staging: 'ahead', production: 'ahead' });
});

test('a remote engine refuses a source that is not a plain commit, branch and author', async () => {
  const bodies = [
    { commit: 'not-a-commit', branch: 'main', dirty: false, author },
    { commit: 'a'.repeat(40), branch: 'main\u001b[2J', dirty: false, author },
    { commit: 'a'.repeat(40), branch: 'main', dirty: 'no', author },
    { commit: 'a'.repeat(40), branch: 'main', dirty: false, author: 'x'.repeat(301) },
  ];
  const compiled = await weft(['compile', project, '--env', 'staging']);
  expectExit(compiled, 0);
  const apply = (source: unknown) =>
    fetch(`${staging.url}/v1/apply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${engineToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stateRevision: 0, bundle: JSON.parse(compiled.stdout), user: 'attacker', source }),
    });
  for (const source of bodies) {
    const response = await apply(source);
    assert.is(response.status, 400, JSON.stringify(source));
    assert.match(((await response.json()) as { message: string }).message, /^source must be/);
  }
  // A plain one gets as far as the state check (revision 0 is long past).
  assert.is((await apply({ commit: 'a'.repeat(40), branch: null, dirty: false, author })).status, 409);
});

test('an engine that does not answer is unreachable: exit 1, the others still reported', async () => {
  await staging.stop({ keepDirectory: true });
  const { result, json } = await status('--all');
  expectExit(result, 1);
  assert.equal(byEnvironment(json), { staging: 'unreachable', production: 'in-sync' });
  assert.match(json.environments[0]!.reason, /cannot reach/);
  const usage = await weft(['status', project, '--env', 'prod']);
  expectExit(usage, 2);
  assert.match(usage.stderr, /did you mean 'production'/);
});

test('no main branch to check against: behind, not drifted, and the reason says --main; git text shown escaped', async () => {
  const other = await makeTemporaryDirectory('weft-status-trunk-');
  try {
    git(other, 'init', '-q', '-b', 'trunk');
    await writeFile(path.join(other, 'weft.yaml'), `apiVersion: weft/v1\nkind: Project\nmetadata: { name: trunk }\n`);
    await mkdir(path.join(other, 'flows'));
    await writeFile(path.join(other, 'flows', 'copy-orders.yaml'), flowFile('{ "id": id }'));
    await writeFile(path.join(other, '.gitignore'), '.weft/\n');
    git(other, 'add', '-A');
    git(other, '-c', 'user.name=Mallory \u001b]0;owned\u0007', 'commit', '-q', '-m', 'First');
    expectExit(await weft(['apply', other]), 0);
    await writeFile(path.join(other, 'flows', 'copy-orders.yaml'), flowFile('{ "id": id, "n": 1 }'));
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '-m', 'Clear the screen \u001b[2J please');
    const result = await weft(['status', other, '--format', 'json']);
    expectExit(result, 3);
    const [entry] = (JSON.parse(result.stdout) as StatusJson).environments;
    assert.is(entry!.environment, null);
    assert.is(entry!.status, 'behind');
    assert.match(entry!.reason, /is 1 commit behind \(no main branch found to check it against: --main <branch>\)/);
    // The subject is recorded plain, and printed with no escape sequence that would act.
    assert.is(entry!.commits![0]!.subject, 'Clear the screen  [2J please');
    const pretty = await weft(['status', other]);
    const revisions = await weft(['revisions', other]);
    for (const output of [pretty.stdout, revisions.stdout]) assert.not.match(output, /[\u001b\u0007]/);
    assert.match(revisions.stdout, /by Mallory {2}\]0;owned/);
    // --main names the branch to check: trunk has the applied commit, so still behind.
    const named = await weft(['status', other, '--main', 'trunk', '--format', 'json']);
    expectExit(named, 3);
    assert.not.match((JSON.parse(named.stdout) as StatusJson).environments[0]!.reason, /--main/);

    // The compared commit itself, clean, yet a plan would change what runs: a flow git ignores was applied too.
    await writeFile(path.join(other, '.gitignore'), '.weft/\nflows/local-*.yaml\n');
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '-m', 'Ignore local flows');
    await writeFile(path.join(other, 'flows', 'local-copy.yaml'), flowFile('{ "id": id }').replace('copy-orders', 'local-copy'));
    expectExit(await weft(['apply', other]), 0);
    await rm(path.join(other, 'flows', 'local-copy.yaml'));
    const drifted = await weft(['status', other, '--format', 'json']);
    expectExit(drifted, 4);
    const [same] = (JSON.parse(drifted.stdout) as StatusJson).environments;
    assert.is(same!.status, 'drifted');
    assert.match(same!.reason, /is the compared commit, yet a plan would change it/);
  } finally {
    await removeTemporaryDirectory(other);
  }
});

test.run();
