import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { validateSarif } from './helpers/sarif.js';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { git, hermeticGit } from './helpers/git.js';
import { singleAcme } from './helpers/single-acme.js';

// examples/github/weft.yml (which `weft init` writes) run for real: its `run:` steps, exactly as
// written, through bash as GitHub runs them (`bash -e`), with `npx weft` replaced by this
// repository's binary, in a clone of a real repository whose `origin` has `main` and whose
// `feature` branch is the pull request. Steps that `uses:` an action are skipped; `gh` is a fake
// on PATH that records how it was called.

const test = suite('github-workflow');

const workflowFile = path.join(repoRoot, 'examples', 'github', 'weft.yml');
const acme = singleAcme();

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string | number>;
  with?: Record<string, unknown>;
}

interface Workflow {
  name: string;
  on: Record<string, { branches?: string[] } | null>;
  permissions: Record<string, string>;
  env?: Record<string, string | number>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string | number>; steps: Step[] }>;
}

const workflowText = await readFile(workflowFile, 'utf8');
const workflow = parse(workflowText) as Workflow;
const job = workflow.jobs.weft!;

const temporary: string[] = [];

test.after.each(async () => {
  await Promise.all(temporary.splice(0).map((directory) => removeTemporaryDirectory(directory)));
});

// ---------------------------------------------------------------------------------------------
// git, without the user's configuration


async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(from), `${file} has no '${from}': the example changed`);
  await writeFile(file, text.replace(from, to));
}

/** 1-based line of the first occurrence of `text` in a file. */
async function lineOf(file: string, text: string): Promise<number> {
  const content = await readFile(file, 'utf8');
  const index = content.indexOf(text);
  assert.ok(index >= 0, `${file} has no '${text}'`);
  return content.slice(0, index).split('\n').length;
}

interface Scenario {
  /** The temporary directory holding origin.git, the clone and the fake gh. */
  base: string;
  /** The clone, checked out on `feature`: the job's working directory. */
  clone: string;
  /** The project inside the clone. */
  project: string;
}

/**
 * A bare "origin"; a clone with examples/acme at `subfolder` committed on main and pushed; then a
 * `feature` branch whose one commit is what `change` does to the project.
 */
async function pullRequest(change: (project: string) => Promise<void>, subfolder = '', prepareMain?: (project: string) => Promise<void>): Promise<Scenario> {
  const base = await makeTemporaryDirectory('weft-gw-');
  temporary.push(base);
  git(base, 'init', '--quiet', '--bare', 'origin.git');
  git(base, 'clone', '--quiet', 'origin.git', 'clone');
  const clone = path.join(base, 'clone');
  git(clone, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  const project = path.join(clone, ...subfolder.split('/').filter(Boolean));
  await mkdir(project, { recursive: true });
  await cp(acme, project, { recursive: true });
  await prepareMain?.(project);
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'acme on main');
  git(clone, 'push', '--quiet', '--set-upstream', 'origin', 'main');
  git(clone, 'checkout', '--quiet', '-b', 'feature');
  await change(project);
  git(clone, 'commit', '--quiet', '--all', '-m', 'the pull request');
  assert.is(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'feature');
  assert.ok(git(clone, 'rev-parse', '--verify', '--quiet', 'origin/main').trim().length === 40, 'origin/main is there, as fetch-depth: 0 makes it');
  return { base, clone, project };
}

const bumpShopify = (project: string) => edit(path.join(project, 'connectors', 'shopify.yaml'), 'version: 1.4.0', 'version: 1.5.0');
const changedFlow = 'flows/orders-to-netsuite.yaml';
const badCron = '"*/99 * * * *"';
const breakCron = (project: string) => edit(path.join(project, changedFlow), '"*/15 * * * *"', badCron);

/**
 * Main already has 12 flows with a bad cron, sorted before the changed flow: more errors than
 * GitHub annotates, so only --changed-since brings the pull request's own error forward.
 */
async function brokenFlowsOnMain(project: string): Promise<void> {
  for (let n = 1; n <= 12; n++) {
    const name = `bad-cron-${String(n).padStart(2, '0')}`;
    await writeFile(
      path.join(project, 'flows', `${name}.yaml`),
      `apiVersion: weft/v1\nkind: Flow\nmetadata:\n  name: ${name}\nspec:\n  trigger:\n    schedule: { cron: "not a cron" }\n  steps:\n    - id: fetch\n      receive: { instance: shopify-uk, endpoint: listOrders }\n`,
    );
  }
}

const breakingPullRequest = async (project: string) => {
  await bumpShopify(project);
  await breakCron(project);
};

// ---------------------------------------------------------------------------------------------
// Running the job

/** What GitHub's `${{ }}` expressions evaluate to in a pull_request (or push) event. */
interface Event {
  name: 'pull_request' | 'push';
  baseRef: string;
  prNumber: string;
  /** A pull request from a fork: its token cannot write. */
  fork?: boolean;
}

const pullRequestEvent: Event = { name: 'pull_request', baseRef: 'main', prNumber: '42' };
const pushEvent: Event = { name: 'push', baseRef: '', prNumber: '' };
const fakeToken = 'ghs_fake-token-for-the-test';

function expressionValue(expression: string, event: Event): string {
  const values: Record<string, string> = {
    'github.base_ref': event.baseRef,
    'github.event_name': event.name,
    'github.token': fakeToken,
    'github.event.pull_request.number': event.prNumber,
  };
  if (!(expression in values)) throw new Error(`the workflow uses \${{ ${expression} }}, which this test does not know`);
  return values[expression]!;
}

function substitute(value: string | number, event: Event): string {
  return String(value).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => expressionValue(expression, event));
}

/** A step's `if:` (the subset of GitHub's expressions the workflow uses); no `if:` is `success()`. */
function condition(step: Step, event: Event, jobFailed: boolean): boolean {
  return evaluate(step.if ?? 'success()', event, jobFailed);
}

/** Splits at top-level (outside parentheses) occurrences of an operator. */
function splitTop(text: string, operator: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')') depth--;
    else if (depth === 0 && text.startsWith(operator, index)) {
      parts.push(text.slice(start, index));
      start = index + operator.length;
      index += operator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

function evaluate(text: string, event: Event, jobFailed: boolean): boolean {
  const either = splitTop(text, '||');
  if (either.length > 1) return either.some((part) => evaluate(part, event, jobFailed));
  const all = splitTop(text, '&&');
  if (all.length > 1) return all.every((part) => evaluate(part, event, jobFailed));
  const term = text.trim();
  if (term.startsWith('(') && term.endsWith(')')) return evaluate(term.slice(1, -1), event, jobFailed);
  if (term === 'always()' || term === '!cancelled()') return true;
  // npm ci is the only step with an id this could name; it is taken as having succeeded.
  if (/^steps\.[\w-]+\.(outcome|conclusion) == 'success'$/.test(term)) return true;
  if (term === 'success()') return !jobFailed;
  if (term === 'failure()') return jobFailed;
  const comparison = /^github\.event_name (==|!=) '([a-z_]+)'$/.exec(term);
  if (comparison) return (event.name === comparison[2]) === (comparison[1] === '==');
  // A pull request from the repository itself (not a fork); a push has no pull request.
  if (term === 'github.event.pull_request.head.repo.full_name == github.repository') return event.name === 'pull_request' && !event.fork;
  throw new Error(`the workflow uses the condition '${term}', which this test does not know`);
}

interface StepRun {
  step: Step;
  code: number | null;
  stdout: string;
  stderr: string;
}

interface JobRun {
  /** Steps that ran, by name. */
  steps: Map<string, StepRun>;
  /** Steps skipped by their `if:`, by name. */
  skipped: string[];
  failed: boolean;
  /** The calls to gh: each its arguments and GH_TOKEN. */
  ghCalls: { args: string[]; token: string }[];
}

/** The fake gh: records its arguments; with FAKE_GH_NO_COMMENT set, --edit-last fails as it does with no comment to edit. */
const fakeGh = `#!/usr/bin/env bash
{ printf '%s\\x1f' "GH_TOKEN=$GH_TOKEN" "$@"; printf '\\x1e'; } >> "$FAKE_GH_LOG"
for arg in "$@"; do
  if [ "$arg" = --edit-last ] && [ -n "$FAKE_GH_NO_COMMENT" ]; then echo 'no comments found for current user' >&2; exit 1; fi
done
exit 0
`;

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // What GitHub runs a `run:` with when the step names no shell: bash -e {0}.
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/**
 * Runs the `weft` job's steps in order in the clone, as GitHub would for `event`: `uses:` steps
 * and `npm ci` skipped, every other `run:` through bash with the workflow's, the job's and the
 * step's env, `if:` honoured (a failed step skips the later `success()` ones).
 */
async function runJob(scenario: Scenario, event: Event, options: { project?: string; ghNoComment?: boolean } = {}): Promise<JobRun> {
  const bin = path.join(scenario.base, 'bin');
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, 'gh'), fakeGh, { mode: 0o755 });
  const ghLog = path.join(scenario.base, `gh-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);

  const weftCommand = `'${process.execPath}' '${weftBinary}'`;
  const run: JobRun = { steps: new Map(), skipped: [], failed: false, ghCalls: [] };
  for (const step of job.steps) {
    if (step.uses !== undefined) continue;
    assert.type(step.run, 'string', `a step with neither uses nor run: ${JSON.stringify(step)}`);
    if (step.run === 'npm ci') continue;
    const name = step.name ?? step.run!;
    if (!condition(step, event, run.failed)) {
      run.skipped.push(name);
      continue;
    }
    const stepEnv: Record<string, string | undefined> = { ...hermeticGit };
    for (const env of [workflow.env, job.env, step.env]) for (const [key, value] of Object.entries(env ?? {})) stepEnv[key] = substitute(value, event);
    if (options.project !== undefined) stepEnv.PROJECT = options.project;
    stepEnv.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
    stepEnv.FAKE_GH_LOG = ghLog;
    stepEnv.FAKE_GH_NO_COMMENT = options.ghNoComment ? '1' : undefined;
    stepEnv.CI = 'true';
    stepEnv.GITHUB_ACTIONS = 'true';
    // `npx weft` (or `npx --no weft`, `npx --no-install weft`): this repository's binary.
    const script = step.run!.replace(/\bnpx (?:(?:--no|--no-install|--offline) )*weft\b/g, weftCommand);
    assert.not.match(script, /\bnpx\b/, `step '${name}' runs npx in a way this test does not know`);
    const result = await runBash(script, scenario.clone, weftEnvironment(stepEnv));
    run.steps.set(name, { step, ...result });
    if (result.code !== 0) run.failed = true;
  }
  if (existsSync(ghLog)) {
    run.ghCalls = (await readFile(ghLog, 'utf8'))
      .split('\x1e')
      .filter(Boolean)
      .map((record) => {
        const [token, ...args] = record.split('\x1f').slice(0, -1);
        return { args, token: token!.replace(/^GH_TOKEN=/, '') };
      });
  }
  return run;
}

function stepRun(job: JobRun, name: string): StepRun {
  const found = job.steps.get(name);
  assert.ok(found, `step '${name}' did not run (ran: ${[...job.steps.keys()].join(', ')}; skipped: ${job.skipped.join(', ')})`);
  return found!;
}

function expectStepExit(result: StepRun, code: number): void {
  assert.is(result.code, code, `step '${result.step.name}' exited ${result.code}, expected ${code}\n--- run\n${result.step.run}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

function expectNoStackTrace(result: StepRun): void {
  for (const text of [result.stdout, result.stderr]) {
    assert.not.match(text, /^\s+at /m, `stack trace in step '${result.step.name}':\n${text}`);
    assert.not.match(text, /internal error/, `internal error in step '${result.step.name}':\n${text}`);
  }
}

const workflowCommands = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::'));

interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

async function readSarif(clone: string): Promise<SarifLog> {
  const file = path.join(clone, 'weft.sarif');
  assert.ok(existsSync(file), 'weft.sarif was not written');
  assert.ok((await stat(file)).size > 0, 'weft.sarif is empty');
  const log = JSON.parse(await readFile(file, 'utf8')) as SarifLog;
  await validateSarif(log);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs[0]!.tool.driver.name, 'weft');
  return log;
}

// ---------------------------------------------------------------------------------------------
// The workflow file itself

test('the workflow: triggers, permissions, a full checkout, and the steps this test runs', () => {
  assert.is(workflow.name, 'weft');
  assert.ok('pull_request' in workflow.on, 'runs on pull requests');
  assert.equal(workflow.on.push?.branches, ['main']);
  assert.is(workflow.permissions['security-events'], 'write', 'upload-sarif needs security-events: write');
  assert.is(workflow.permissions['pull-requests'], 'write', 'the diff comment needs pull-requests: write');
  assert.is(workflow.permissions.contents, 'read');
  assert.is(String(workflow.env?.PROJECT), '.');

  const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
  assert.ok(checkout, 'no checkout step');
  assert.is(checkout!.with?.['fetch-depth'], 0, '--changed-since and diff need the base branch: fetch-depth: 0');
  assert.ok(job.steps.indexOf(checkout!) === 0, 'checkout comes first');

  const names = job.steps.filter((step) => step.run?.includes('weft')).map((step) => step.name);
  assert.equal(names, ['Validate', 'SARIF report', 'Tests', 'What this pull request changes', 'Comment the diff']);
  const report = job.steps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report@'));
  assert.is(report?.with?.report_paths, 'weft-tests.xml', 'the JUnit report of weft test is published');
  const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'no upload-sarif step');
  assert.is(upload!.with?.sarif_file, 'weft.sarif');
  assert.ok(upload!.if?.includes('always()'), 'the SARIF is uploaded when validation fails too');
  assert.ok(job.steps.indexOf(upload!) > job.steps.findIndex((step) => step.name === 'SARIF report'), 'uploaded after it is written');

  // No ${{ }} inside a script (script injection); expressions reach scripts through env only.
  for (const step of job.steps) if (step.run) assert.not.match(step.run, /\$\{\{/, `step '${step.name}' expands an expression inside its script`);
});

test('after a failed npm ci, the if: always() steps do not let npx fetch and run a registry package named weft', () => {
  // npx installs a package missing from node_modules, and in CI (no TTY) without asking
  // (npm-exec.md: "When standard input is not a TTY or a CI environment is detected, --yes is
  // assumed"). The steps that run whatever happened before must use the installed weft only.
  const npmCi = job.steps.findIndex((step) => step.run === 'npm ci');
  assert.ok(npmCi >= 0, 'no npm ci step');
  const risky = job.steps
    .filter((step, index) => index > npmCi && step.run !== undefined && /\bnpx\b/.test(step.run) && /always\(\)/.test(step.if ?? ''))
    // Safe: npx told not to install, or the step runs only when npm ci succeeded.
    .filter((step) => !/\bnpx (?:--no|--no-install)\b/.test(step.run!) && !/\bsteps\.[\w-]+\.(outcome|conclusion) == 'success'/.test(step.if ?? ''))
    .map((step) => step.name);
  assert.equal(risky, [], `steps that run 'npx weft' even when npm ci failed: ${risky.join(', ')}`);
});

// ---------------------------------------------------------------------------------------------
// A pull request that breaks a flow (and bumps a connector)

test('a pull request with a bad cron: Validate fails with the annotation on the changed line first, the SARIF has it, no diff and no comment', async () => {
  const scenario = await pullRequest(breakingPullRequest, '', brokenFlowsOnMain);
  const changedLine = await lineOf(path.join(scenario.project, changedFlow), badCron);
  const result = await runJob(scenario, pullRequestEvent);
  assert.ok(result.failed, 'the job fails');
  // Every step after Validate still runs (if: always()) but the tests: a project with errors has none to run.
  assert.equal(result.skipped, ['Tests']);

  const validate = stepRun(result, 'Validate');
  expectStepExit(validate, 1);
  expectNoStackTrace(validate);
  const commands = workflowCommands(validate.stdout);
  const errors = commands.filter((line) => line.startsWith('::error '));
  // 13 errors: 10 annotated, the rest logged, and a notice pointing at the SARIF report.
  assert.is(errors.length, 10, validate.stdout);
  assert.is(commands.filter((line) => line.startsWith('::notice title=weft::')).length, 1, validate.stdout);
  assert.match(commands.at(-1)!, /^::notice title=weft::.*\b3 errors\b.*SARIF/);
  assert.ok(
    commands[0]!.startsWith(`::error file=${changedFlow},line=${changedLine},col=`) && commands[0]!.includes('title=bad-cron::'),
    `the first annotation is not on the changed line ${changedFlow}:${changedLine}:\n${validate.stdout}`,
  );
  assert.ok(commands[0]!.includes('*/99'), commands[0]);

  const sarif = stepRun(result, 'SARIF report');
  expectStepExit(sarif, 0);
  assert.is(sarif.stdout, '', 'the report goes to the file');
  const log = await readSarif(scenario.clone);
  // Every diagnostic, the 3 that were not annotated too.
  const badCronResults = log.runs[0]!.results.filter((entry) => entry.ruleId === 'bad-cron');
  assert.is(log.runs[0]!.results.length, 13, JSON.stringify(log.runs[0]!.results, null, 2));
  assert.is(badCronResults.length, 13);
  const changed = badCronResults.filter((entry) => entry.locations[0]!.physicalLocation.artifactLocation.uri === changedFlow);
  assert.is(changed.length, 1, JSON.stringify(badCronResults, null, 2));
  assert.is(changed[0]!.level, 'error');
  assert.is(changed[0]!.locations[0]!.physicalLocation.region.startLine, changedLine);

  // The head does not compile: weft diff says so on stderr and exits 1, leaving the file empty...
  const diff = stepRun(result, 'What this pull request changes');
  expectStepExit(diff, 1);
  expectNoStackTrace(diff);
  assert.match(diff.stderr, /bad-cron/);
  assert.match(diff.stderr, /the project has errors; nothing compared/);
  assert.is(await readFile(path.join(scenario.clone, 'weft-diff.md'), 'utf8'), '');

  // ...so the comment step runs but does not call gh.
  const comment = stepRun(result, 'Comment the diff');
  expectStepExit(comment, 0);
  assert.equal(result.ghCalls, [], 'gh was called with an empty weft-diff.md');

  // The working tree is as the checkout left it, but for the two report files and weft's cache
  // (.weft/cache/, which the workflow keeps between runs with actions/cache).
  assert.equal(git(scenario.clone, 'status', '--porcelain').trim().split('\n').sort(), ['?? .weft/', '?? weft-diff.md', '?? weft.sarif']);
  assert.equal((await readdir(path.join(scenario.clone, '.weft'), { recursive: true })).sort(), ['cache', 'cache/files.bin', 'cache/results.json']);
});

// ---------------------------------------------------------------------------------------------
// A valid pull request: only a connector version bump

test('a valid pull request: Validate passes silently, an empty SARIF, the diff lists connector.shopify and what it reaches, gh comments it', async () => {
  const scenario = await pullRequest(bumpShopify);
  const result = await runJob(scenario, pullRequestEvent);
  assert.not.ok(result.failed, [...result.steps.values()].map((step) => `${step.step.name}: ${step.code}\n${step.stderr}`).join('\n'));
  assert.equal(result.skipped, []);

  const validate = stepRun(result, 'Validate');
  expectStepExit(validate, 0);
  // The example's tests ran, and their JUnit report is there to publish.
  expectStepExit(stepRun(result, 'Tests'), 0);
  assert.match(await readFile(path.join(scenario.clone, 'weft-tests.xml'), 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="weft test" tests="8" failures="0" errors="0">/);
  assert.equal(workflowCommands(validate.stdout), [], 'no annotations');
  assert.is(validate.stdout, '');

  const sarif = stepRun(result, 'SARIF report');
  expectStepExit(sarif, 0);
  const log = await readSarif(scenario.clone);
  assert.equal(log.runs[0]!.results, []);

  const diff = stepRun(result, 'What this pull request changes');
  expectStepExit(diff, 0);
  assert.is(diff.stderr, '');
  const markdown = await readFile(path.join(scenario.clone, 'weft-diff.md'), 'utf8');
  assert.ok(markdown.startsWith('### weft diff against `origin/main`'), markdown.slice(0, 200));
  assert.match(markdown.split('\n')[0]!, /0 added, 3 changed, 0 removed/);
  const shopifyRow = markdown.split('\n').find((line) => line.includes('`connector.shopify`'));
  assert.ok(shopifyRow, `no row for connector.shopify:\n${markdown}`);
  assert.match(shopifyRow!, /spec\.version/);
  assert.match(shopifyRow!, /reaches 6/);
  // What it reaches: both stores' instances and their four flows.
  for (const reached of ['instance.shopify-uk', 'instance.shopify-us', 'flow.backfill-us-orders', 'flow.inventory-to-shopify-us', 'flow.orders-to-netsuite', 'flow.shipments-to-shopify']) {
    assert.ok(markdown.includes(reached), `${reached} missing from the diff:\n${markdown}`);
  }
  assert.match(markdown, /1\.4\.0 → 1\.5\.0/);
  assert.match(markdown, /```mermaid\n/);

  // The comment step calls gh once: edit the last comment, with the file as the body.
  const comment = stepRun(result, 'Comment the diff');
  expectStepExit(comment, 0);
  assert.equal(result.ghCalls, [{ args: ['pr', 'comment', '42', '--body-file', 'weft-diff.md', '--edit-last'], token: fakeToken }]);
});

test('the comment step: when there is no comment to edit yet, gh is called again to create one', async () => {
  const scenario = await pullRequest(bumpShopify);
  const result = await runJob(scenario, pullRequestEvent, { ghNoComment: true });
  expectStepExit(stepRun(result, 'Comment the diff'), 0);
  assert.equal(result.ghCalls, [
    { args: ['pr', 'comment', '42', '--body-file', 'weft-diff.md', '--edit-last'], token: fakeToken },
    { args: ['pr', 'comment', '42', '--body-file', 'weft-diff.md'], token: fakeToken },
  ]);
});

test('a push to main: Validate without --changed-since (plain order), the SARIF report, no diff and no comment', async () => {
  const scenario = await pullRequest(breakingPullRequest, '', brokenFlowsOnMain);
  const result = await runJob(scenario, pushEvent);
  const validate = stepRun(result, 'Validate');
  expectStepExit(validate, 1);
  expectNoStackTrace(validate);
  // No base ref, no --changed-since: the file order, so the changed flow is past the 10 annotated.
  const commands = workflowCommands(validate.stdout);
  assert.ok(commands[0]!.startsWith('::error file=flows/bad-cron-01.yaml,'), validate.stdout);
  assert.not.ok(commands.some((line) => line.includes(changedFlow)), validate.stdout);
  assert.match(validate.stdout, /^flows\/orders-to-netsuite\.yaml:\d+:\d+: error\[bad-cron\]/m);
  expectStepExit(stepRun(result, 'SARIF report'), 0);
  await readSarif(scenario.clone);
  assert.equal(result.skipped, ['Tests', 'What this pull request changes', 'Comment the diff']);
  assert.equal(result.ghCalls, []);
  assert.not.ok(existsSync(path.join(scenario.clone, 'weft-diff.md')));
});

test('a pull request from a fork: no SARIF upload and no comment (its token cannot write); its own repository: both', () => {
  const steps = workflow.jobs.weft!.steps;
  const named = (name: string) => steps.find((step) => step.name === name)!;
  for (const name of ['Upload SARIF', 'Comment the diff']) {
    assert.not.ok(condition(named(name), { ...pullRequestEvent, fork: true }, false), `${name} runs for a fork`);
    assert.ok(condition(named(name), pullRequestEvent, false), `${name} does not run for the repository's own pull request`);
  }
  // A push uploads the SARIF report, and comments nothing.
  assert.ok(condition(named('Upload SARIF'), pushEvent, false));
  assert.not.ok(condition(named('Comment the diff'), pushEvent, false));
  // Validate and the SARIF report run for forks too.
  assert.ok(condition(named('Validate'), { ...pullRequestEvent, fork: true }, false));
  assert.ok(condition(named('SARIF report'), { ...pullRequestEvent, fork: true }, true));
});

test('a project in a subfolder (PROJECT set as the workflow says): paths from the repository root', async () => {
  const subfolder = 'integrations/acme';
  const broken = await pullRequest(breakingPullRequest, subfolder, brokenFlowsOnMain);
  const changedLine = await lineOf(path.join(broken.project, changedFlow), badCron);
  const result = await runJob(broken, pullRequestEvent, { project: subfolder });
  const validate = stepRun(result, 'Validate');
  expectStepExit(validate, 1);
  assert.ok(workflowCommands(validate.stdout)[0]!.startsWith(`::error file=${subfolder}/${changedFlow},line=${changedLine},`), validate.stdout);
  expectStepExit(stepRun(result, 'SARIF report'), 0);
  const log = await readSarif(broken.clone);
  const uris = log.runs[0]!.results.map((entry) => entry.locations[0]!.physicalLocation.artifactLocation.uri);
  assert.is(uris.length, 13);
  assert.ok(uris.includes(`${subfolder}/${changedFlow}`), uris.join('\n'));
  assert.ok(uris.every((uri) => uri.startsWith(`${subfolder}/flows/`)), uris.join('\n'));

  const valid = await pullRequest(bumpShopify, subfolder);
  const validResult = await runJob(valid, pullRequestEvent, { project: subfolder });
  assert.not.ok(validResult.failed, [...validResult.steps.values()].map((step) => `${step.step.name}: ${step.code}\n${step.stderr}`).join('\n'));
  const markdown = await readFile(path.join(valid.clone, 'weft-diff.md'), 'utf8');
  assert.ok(markdown.startsWith('### weft diff against `origin/main`'), markdown.slice(0, 200));
  assert.match(markdown, /`connector\.shopify`/);
  assert.is(validResult.ghCalls.length, 1);
});

test.run();
