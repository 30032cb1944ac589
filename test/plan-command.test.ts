import { suite, type Test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { copyFixture, expectExit, removeTemporaryDirectory, repoRoot, runWeft as run, weftBinary, weftEnvironment, type RunOptions, type RunResult } from './helpers/run-weft.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { acmeEnvironment, acmeSecrets, seedAcmeSecrets } from './helpers/acme-engine.js';
import { engineToken, startEngine, targetEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { copySingleAcme } from './helpers/single-acme.js';

// One plan/apply suite, run twice: against the embedded local engine, and against a remote
// `weft engine start` that the project's weft.yaml names (spec.engine.url).

const secrets = acmeSecrets;
const env = acmeEnvironment;

interface Target {
  /** The project; weft.yaml names the remote engine in the remote run. */
  project: string;
  /** The directory whose .weft/state.db holds the engine's state. */
  stateDirectory: string;
  /** The CLI's environment: the remote run has the token but not the engine's variables. */
  cliEnv: Record<string, string | undefined>;
}

const modes = {
  async local(project: string): Promise<Target & { stop(): Promise<void> }> {
    await seedAcmeSecrets(project);
    return { project, stateDirectory: project, cliEnv: env, stop: async () => {} };
  },
  async remote(project: string): Promise<Target & { stop(): Promise<void> }> {
    // The engine runs with the example's variables; the CLI has only the engine's token.
    const engine: RemoteEngine = await startEngine(env);
    await seedAcmeSecrets(engine.directory);
    await targetEngine(project, engine.url);
    return {
      project,
      stateDirectory: engine.directory,
      cliEnv: { WEFT_ENGINE_TOKEN: engineToken, SHOPIFY_US_ACCESS_TOKEN: undefined, WEFT_SECRET_KEY: undefined },
      stop: () => engine.stop(),
    };
  },
};

for (const [mode, open] of Object.entries(modes) as [keyof typeof modes, (typeof modes)[keyof typeof modes]][]) {
  const test = suite(`plan-command (${mode} engine)`);
  let target: Target & { stop(): Promise<void> };
  let project: string;
  const runWeft = (args: string[], options: RunOptions = {}) => run(args, { ...options, env: { ...target.cliEnv, ...options.env } });
  /** `weft secret set`, the value on stdin. */
  const setSecret = (secretPath: string, value: string) =>
    spawnSync(process.execPath, [weftBinary, 'secret', 'set', secretPath, project], { input: value, env: weftEnvironment(target.cliEnv), encoding: 'utf8' });
  const stateEngine = () => LocalEngine.forProject(target.stateDirectory, { env });

  test.before.each(async () => {
    project = await copySingleAcme('weft-plan-');
    target = await open(project);
  });
  test.after.each(async () => {
    await target.stop();
    await removeTemporaryDirectory(project);
  });

  defineTests(test, mode, { runWeft, setSecret, stateEngine, project: () => project, target: () => target });
  test.run();
}

interface Harness {
  runWeft(args: string[], options?: RunOptions): ReturnType<typeof run>;
  setSecret(secretPath: string, value: string): ReturnType<typeof spawnSync>;
  stateEngine(): LocalEngine;
  project(): string;
  target(): Target;
}

function defineTests(test: Test, mode: keyof typeof modes, { runWeft, setSecret, stateEngine, ...get }: Harness): void {
  test('plan, apply, plan again: Terraform-like output and exit codes', async () => {
    const project = get.project();
    const first = await runWeft(['plan', project, '--detailed-exitcode']);
    assert.is(first.code, 2, first.stderr);
    assert.match(first.stdout, /\+ connector\.shopify/);
    assert.match(first.stdout, /Plan: 18 to add, 0 to change, 0 to destroy\./);
    assert.is((await runWeft(['plan', project])).code, 0);

    const applied = await runWeft(['apply', project]);
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete! Resources: 18 added, 0 changed, 0 destroyed\. Revision 1\./);

    const again = await runWeft(['plan', project, '--detailed-exitcode']);
    assert.is(again.code, 0);
    assert.match(again.stdout, /^No changes\./);
    const noop = await runWeft(['apply', project]);
    assert.match(noop.stdout, /Nothing to apply\./);

    const revisions = await runWeft(['revisions', project]);
    assert.is(revisions.code, 0);
    assert.match(revisions.stdout, /^ {3}1 {2}\d{4}-\d\d-\d\dT.* \+18 ~0 -0\n$/);
    const listed = JSON.parse((await runWeft(['revisions', project, '--format', 'json'])).stdout);
    assert.equal(listed.revisions.map((revision: { number: number }) => revision.number), [1]);

    const json = JSON.parse((await runWeft(['plan', project, '--format', 'json'])).stdout);
    assert.is(json.format_version, '2');
    assert.is(json.state_revision, 1);
    assert.is(json.changes, false);
    assert.equal([json.ok, json.errorCount, json.warningCount, json.diagnostics], [true, 0, 0, []]);

    // The state is where the engine keeps it: a remote run leaves nothing in the project.
    const engine = stateEngine();
    assert.is((await engine.readState()).resources.length, 18);
    engine.close();
    assert.is(existsSync(path.join(project, '.weft', 'state.db')), mode === 'local');
  });

  test('a connector change shows the field and what it reaches', async () => {
    const project = get.project();
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

  test('plan and apply start from what validate left in .weft/cache/, and plan exactly what they plan without it', async () => {
    const project = get.project();
    expectExit(await runWeft(['validate', project]), 0);
    const cacheFile = path.join(project, '.weft', 'cache', 'files.bin');
    assert.ok(existsSync(cacheFile));
    const plans = async () => {
      const [cached, fresh] = [await runWeft(['plan', project, '--format', 'json']), await runWeft(['plan', project, '--format', 'json', '--no-cache'])];
      assert.is(cached.code, fresh.code, cached.stderr + fresh.stderr);
      assert.equal(JSON.parse(cached.stdout), JSON.parse(fresh.stdout));
      return JSON.parse(cached.stdout) as { changes?: unknown[] };
    };
    await plans();
    expectExit(await runWeft(['apply', project]), 0);
    // An edit after the cache was written: the edited file is parsed again, the rest comes from the cache.
    const file = path.join(project, 'connectors', 'shopify.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
    const edited = await plans();
    assert.match(JSON.stringify(edited), /1\.5\.0/);
    const before = (await readFile(cacheFile)).length;
    expectExit(await runWeft(['apply', project]), 0);
    assert.ok(existsSync(cacheFile) && (await readFile(cacheFile)).length > 0 && before > 0);
    expectExit(await runWeft(['plan', project, '--detailed-exitcode']), 0);
  });

  test('an edited step of a flow: that step by its id, its old and new expression in full, in every format', async () => {
    const project = get.project();
    assert.is((await runWeft(['apply', project])).code, 0);
    const file = path.join(project, 'flows', 'orders-to-netsuite.yaml');
    // A step inside a try, inside the flow: the plan names it by the ids on its way.
    const before = `            map: |
              {
                "externalId": $string(id),
                "total": $number(total_price),
                "shipCountry": $lookup('netsuite-countries', shipping_address.country_code)
              }
`;
    const after = before.replace('"total": $number(total_price),', '"total": $number(total_price),\n                "currency": currency,');
    const text = await readFile(file, 'utf8');
    assert.ok(text.includes(before), text);
    await writeFile(file, text.replace(before, after));
    const expression = (currency: boolean) =>
      ['{', '  "externalId": $string(id),', '  "total": $number(total_price),', ...(currency ? ['  "currency": currency,'] : []), `  "shipCountry": $lookup('netsuite-countries', shipping_address.country_code)`, '}'];
    const lines = [
      '  # flow.orders-to-netsuite will be updated',
      '  ~ flow.orders-to-netsuite',
      '      ~ spec.steps[to-netsuite].try.steps[map-order].map:',
      ...expression(false).map((line) => `          - ${line}`),
      ...expression(true).map((line) => `          + ${line}`),
    ];

    const pretty = await runWeft(['plan', project, '--detailed-exitcode']);
    assert.is(pretty.code, 2, pretty.stderr);
    assert.is(pretty.stdout, ['weft will perform the following actions:', '', ...lines, '', 'Plan: 0 to add, 1 to change, 0 to destroy.', ''].join('\n'));

    const json = await runWeft(['plan', project, '--format', 'json']);
    assert.is(json.code, 0, json.stderr);
    const document = JSON.parse(json.stdout);
    assert.is(document.format_version, '2');
    assert.equal(
      document.actions.map(({ address, action, changes }: { address: string; action: string; changes: unknown }) => ({ address, action, changes })),
      [
        {
          address: 'flow.orders-to-netsuite',
          action: 'update',
          changes: [
            {
              path: 'spec.steps[to-netsuite].try.steps[map-order].map',
              before: `${expression(false).join('\n')}\n`,
              after: `${expression(true).join('\n')}\n`,
            },
          ],
        },
      ],
    );

    const markdown = await runWeft(['plan', project, '--format', 'markdown']);
    assert.is(markdown.code, 0, markdown.stderr);
    assert.ok(markdown.stdout.startsWith('### weft plan: 0 to add, 1 to change, 0 to destroy\n'), markdown.stdout);
    assert.ok(markdown.stdout.includes('\n| 🔄 | `flow.orders-to-netsuite` | 1 field: `spec.steps[to-netsuite].try.steps[map-order].map` |\n'), markdown.stdout);
    assert.ok(markdown.stdout.includes(['```diff', 'weft will perform the following actions:', '', ...lines, '', 'Plan: 0 to add, 1 to change, 0 to destroy.', '```'].join('\n')), markdown.stdout);

    // The saved plan carries the same changes and applies; one of the previous format is refused.
    const planFile = path.join(project, 'plan.json');
    assert.is((await runWeft(['plan', project, '--out', planFile])).code, 0);
    const saved = await readFile(planFile, 'utf8');
    await writeFile(planFile, JSON.stringify({ ...JSON.parse(saved), formatVersion: '1' }));
    const old = await runWeft(['apply', planFile]);
    assert.is(old.code, 1);
    assert.match(old.stderr, /plan\.json is not a saved plan of this weft \(format 2\); make one with weft plan --out/);
    assert.not.match(old.stderr, /^\s+at /m);
    await writeFile(planFile, saved);
    const applied = await runWeft(['apply', planFile]);
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\. Revision 2\./);
  });

  test('a project with errors plans nothing (exit 1); deleting most of what is deployed needs --allow-mass-delete', async () => {
    const project = get.project();
    await runWeft(['apply', project]);
    await rm(path.join(project, 'flows'), { recursive: true });
    await rm(path.join(project, 'instances'), { recursive: true });
    // Their tests go with them: a test of a flow that is gone is an error.
    await rm(path.join(project, 'tests'), { recursive: true });
    const refused = await runWeft(['apply', project]);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /would destroy 13 of the 18 deployed resources; re-run with --allow-mass-delete/);
    const allowed = await runWeft(['apply', project, '--allow-mass-delete']);
    assert.is(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /13 destroyed\. Revision 2\./);
    await writeFile(path.join(project, 'connectors', 'broken.yaml'), 'apiVersion: weft/v1\nkind: Connector\nmetadata: { name: Broken }\n');
    const broken = await runWeft(['plan', project]);
    assert.is(broken.code, 1);
    assert.match(broken.stderr, /nothing planned/);
  });

  test('a placeholder that does not resolve in the engine is an error at its line; storing the secret fixes it', async () => {
    const project = get.project();
    const engine = stateEngine();
    engine.removeSecret('shopify/uk/access-token');
    engine.close();
    const plan = await runWeft(['plan', project]);
    assert.is(plan.code, 1);
    assert.match(plan.stderr, /error\[unresolved-placeholder\]: \$\{secret:shopify\/uk\/access-token\} does not resolve/);
    assert.match(plan.stderr, /instances\/shopify\.yaml:18:18/);
    const unset = await runWeft(['plan', project], { env: { SHOPIFY_US_ACCESS_TOKEN: undefined } });
    if (mode === 'local') assert.match(unset.stderr, /the variable SHOPIFY_US_ACCESS_TOKEN is not set/);
    // A remote engine resolves ${env:} from its own environment, which has the variable.
    else assert.not.match(unset.stderr, /SHOPIFY_US_ACCESS_TOKEN/);
    assert.is(setSecret('shopify/uk/access-token', 'restored\n').status, 0);
    assert.is((await runWeft(['plan', project])).code, 0);
  });

  test('--format json and markdown: what stops a plan is in the one document on stdout, not code frames on stderr (exit 1)', async () => {
    const project = get.project();
    const edit = async (file: string, from: string, to: string) => {
      const at = path.join(project, file);
      await writeFile(at, (await readFile(at, 'utf8')).replace(from, to));
    };
    // Neither engine has the variable nor the secret.
    await edit('instances/rabbit-prod.yaml', '${secret:rabbitmq/prod/url}', '${env:WEFT_TEST_MISSING}');
    await edit('instances/warehouse-eu.yaml', '${secret:northwind/eu/api-key}', '${secret:not/stored}');
    const expectOneDocument = (result: RunResult) => {
      expectExit(result, 1);
      // One line on stderr says why; no code frame, caret or hint.
      assert.match(result.stderr, /^weft: placeholders do not resolve in the (local engine|engine at \S+); nothing planned\n$/);
      return result.stdout;
    };
    const unresolved = [
      { severity: 'error', code: 'unresolved-placeholder', file: 'instances/rabbit-prod.yaml', line: 15, column: 10, pointer: '/spec/credentials/url' },
      { severity: 'error', code: 'unresolved-placeholder', file: 'instances/warehouse-eu.yaml', line: 16, column: 13, pointer: '/spec/credentials/apiKey' },
    ];
    for (const command of ['plan', 'apply']) {
      const json = JSON.parse(expectOneDocument(await runWeft([command, project, '--format', 'json'], { env: { WEFT_TEST_MISSING: undefined } })));
      assert.equal(Object.keys(json), ['format_version', 'ok', 'errorCount', 'warningCount', 'diagnostics'], command);
      assert.equal([json.format_version, json.ok, json.errorCount, json.warningCount], ['2', false, 2, 0], command);
      assert.equal(
        json.diagnostics.map(({ severity, code, file, line, column, pointer }: Diagnostic) => ({ severity, code, file, line, column, pointer })),
        unresolved,
      );
      assert.match(json.diagnostics[0].message, /\$\{env:WEFT_TEST_MISSING\} does not resolve/);
      assert.match(json.diagnostics[1].message, /\$\{secret:not\/stored\} does not resolve/);
    }
    const markdown = expectOneDocument(await runWeft(['plan', project, '--format', 'markdown'], { env: { WEFT_TEST_MISSING: undefined } }));
    assert.match(markdown, /^### weft plan: nothing planned \(2 errors, 0 warnings\)\n/);
    assert.match(markdown, /\| ❌ \| instances\/rabbit-prod\.yaml:15:10 \| `unresolved-placeholder` \| \$\{env:WEFT\\_TEST\\_MISSING\} does not resolve/);
    assert.match(markdown, /\| ❌ \| instances\/warehouse-eu\.yaml:16:13 \| `unresolved-placeholder` \| \$\{secret:not\/stored\} does not resolve/);
    // apply --format json refused too: nothing was applied.
    const engine = stateEngine();
    assert.is((await engine.readState()).resources.length, 0);
    engine.close();

    // A validation error: the same document, before any engine is asked; warnings counted too.
    await writeFile(path.join(project, 'instances', 'spare.yaml'), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: spare }\nspec: { connector: rabbitmqq }\n');
    const invalid = await runWeft(['plan', project, '--format', 'json']);
    expectExit(invalid, 1);
    assert.is(invalid.stderr, 'weft: the project has errors; nothing planned\n');
    const report = JSON.parse(invalid.stdout);
    assert.equal([report.ok, report.errorCount, report.warningCount], [false, 1, 1]);
    assert.equal(
      report.diagnostics.map(({ severity, code, file, line, column, hint }: Diagnostic) => ({ severity, code, file, line, column, hint })),
      [
        { severity: 'warning', code: 'unused-instance', file: 'instances/spare.yaml', line: 3, column: 19, hint: undefined },
        { severity: 'error', code: 'unknown-connector', file: 'instances/spare.yaml', line: 4, column: 20, hint: "did you mean 'rabbitmq'?" },
      ],
    );
    const invalidMarkdown = await runWeft(['plan', project, '--format', 'markdown']);
    expectExit(invalidMarkdown, 1);
    assert.match(invalidMarkdown.stdout, /^### weft plan: nothing planned \(1 error, 1 warning\)\n\nNothing was planned: the project has errors\.\n/);
    assert.match(invalidMarkdown.stdout, /\| ❌ \| instances\/spare\.yaml:4:20 \| `unknown-connector` \| instance 'spare' uses connector 'rabbitmqq', which is not defined \(hint: did you mean 'rabbitmq'\?\) \|/);
    // Pretty output is unchanged: the frames on stderr, nothing on stdout.
    const pretty = await runWeft(['plan', project]);
    expectExit(pretty, 1);
    assert.is(pretty.stdout, '');
    assert.match(pretty.stderr, /error\[unknown-connector\][^\n]*\n  --> instances\/spare\.yaml:4:20\n/);
  });

  test('secret list shows paths only; rm removes; set refuses bad paths and empty values', async () => {
    const project = get.project();
    const canary = 'canary-Zq8Lw3Rt7Yp2Kx9Mv4-do-not-print';
    assert.is(setSecret('shopify/uk/webhook', canary).status, 0);
    const list = await runWeft(['secret', 'list', project]);
    assert.is(list.stdout, secrets.map((secret) => secret + '\n').join(''));
    assert.is((await runWeft(['secret', 'rm', 'northwind/us/api-key', project])).code, 0);
    assert.not.match((await runWeft(['secret', 'list', project])).stdout, /northwind\/us/);
    assert.is(setSecret('../etc', 'x').status, 2);
    assert.is(setSecret('ok/path', '').status, 2);
    // The canary is nowhere: not in any output, not in the state files (only encrypted).
    setSecret('northwind/us/api-key', 'again');
    const outputs = [list, await runWeft(['plan', project]), await runWeft(['apply', project]), await runWeft(['revisions', project]), await runWeft(['plan', project, '--format', 'json'])];
    for (const output of outputs) {
      assert.not.ok(output.stdout.includes(canary) || output.stderr.includes(canary));
      assert.not.ok(output.stdout.includes(Buffer.from(canary).toString('base64')));
    }
    // The state, the secrets and weft's cache (.weft/cache/) alike.
    const weftDirectory = path.join(get.target().stateDirectory, '.weft');
    for (const file of await readdir(weftDirectory, { recursive: true })) {
      if (!(await stat(path.join(weftDirectory, file))).isFile()) continue;
      const bytes = await readFile(path.join(weftDirectory, file));
      assert.not.ok(bytes.includes(canary) || bytes.includes(Buffer.from(canary).toString('base64')), `${file} holds the canary`);
    }
    const engine = stateEngine();
    assert.is((await engine.readSecret('shopify/uk/webhook')), canary);
    engine.close();
  });

  test('a saved plan applies while the state is at its revision, and is refused once it moved on', async () => {
    const project = get.project();
    const planFile = path.join(project, 'plan.json');
    const planned = await runWeft(['plan', project, '--out', planFile]);
    assert.is(planned.code, 0, planned.stderr);
    const saved = JSON.parse(await readFile(planFile, 'utf8'));
    assert.is(saved.stateRevision, 0);
    assert.is(saved.bundle.sha256, saved.bundleSha256);
    // Another apply gets there first: the saved plan is now stale.
    assert.is((await runWeft(['apply', project])).code, 0);
    const stale = await runWeft(['apply', planFile]);
    assert.is(stale.code, 1);
    assert.match(stale.stderr, /the plan was made against revision 0; run weft plan again/);
    // A fresh saved plan applies.
    const file = path.join(project, 'connectors', 'shopify.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
    await runWeft(['plan', project, '--out', planFile]);
    const applied = await runWeft(['apply', planFile]);
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /3 changed, 0 destroyed\. Revision 2\./);
    // A saved plan whose actions or bundle were edited is refused, as is one made for another engine.
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.5.0', 'version: 1.6.0'));
    assert.is((await runWeft(['plan', project, '--out', planFile])).code, 0);
    const good = await readFile(planFile, 'utf8');
    const edited = JSON.parse(good);
    edited.actions[0].after.spec.version = '9.9.9';
    await writeFile(planFile, JSON.stringify(edited));
    assert.match((await runWeft(['apply', planFile])).stderr, /does not match its own bundle \(was it edited\?\)/);
    const tampered = JSON.parse(good);
    tampered.bundle.resources[0].spec.version = '9.9.9';
    await writeFile(planFile, JSON.stringify(tampered));
    assert.match((await runWeft(['apply', planFile])).stderr, /is refused: the hash of connector \S+ does not match its content/);
    const elsewhere = JSON.parse(good);
    elsewhere.engine = 'the engine at http://127.0.0.1:1';
    await writeFile(planFile, JSON.stringify(elsewhere));
    assert.match((await runWeft(['apply', planFile])).stderr, /was made against the engine at http:\/\/127\.0\.0\.1:1, but the project now targets/);
    assert.is((await runWeft(['revisions', project, '--format', 'json'])).stdout.match(/"number"/g)?.length, 2);
    await writeFile(path.join(project, 'not-a-plan.json'), '{"hello": 1}');
    assert.match((await runWeft(['apply', path.join(project, 'not-a-plan.json')])).stderr, /is not a saved plan/);
  });

  test('rollback plans and applies a past revision', async () => {
    const project = get.project();
    await runWeft(['apply', project]);
    const file = path.join(project, 'connectors', 'shopify.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.5.0'));
    await runWeft(['apply', project]);
    const rollback = await runWeft(['rollback', '1', project]);
    assert.is(rollback.code, 0, rollback.stderr);
    assert.match(rollback.stdout, /~ spec\.version: "1\.5\.0" → "1\.4\.0"/);
    assert.match(rollback.stdout, /Revision 3\./);
    assert.is((await runWeft(['rollback', '9', project])).code, 1);
    // The working tree still says 1.5.0: planning it shows the way forward again.
    assert.match((await runWeft(['plan', project])).stdout, /Plan: 0 to add, 3 to change, 0 to destroy\./);
  });
}
