import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, expectExit, removeTemporaryDirectory, repoRoot, runWeft } from './helpers/run-weft.js';
import { acmeEnvironment, seedAcmeSecrets } from './helpers/acme-engine.js';

/**
 * Environments, black-box: the real binary on a project with staging and production, whose
 * instance settings and a map expression take `${var:}` values, and on one without environments.
 */
const test = suite('environments');

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'environments');
const twoEnvironments = path.join(fixtures, 'two-environments');
const plain = path.join(fixtures, 'plain');

/** The leaves (path → value) where two JSON values differ, hashes left out. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].filter((key) => key !== 'sha256').flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`));
  }
  return a === b ? [] : [`${at}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}

test("compile --env staging and --env production differ exactly where variables and staging's overlay are", async () => {
  const [staging, production] = await Promise.all([runWeft(['compile', twoEnvironments, '--env', 'staging']), runWeft(['compile', twoEnvironments, '--env', 'production'])]);
  expectExit(staging, 0);
  expectExit(production, 0);
  assert.equal(differences(JSON.parse(staging.stdout), JSON.parse(production.stdout)), [
    '/resources/1/spec/settings/host: "acme-sandbox.example.com" → "acme.example.com"',
    // Staging's overlay patches pageSize to 5 (over its value 10); production has no value, so the default.
    '/resources/1/spec/settings/pageSize: 5 → 50',
    '/resources/2/spec/steps/1/map: "{ \\"id\\": id, \\"source\\": \\"https://acme-sandbox.example.com/orders\\" }" → "{ \\"id\\": id, \\"source\\": \\"https://acme.example.com/orders\\" }"',
  ]);
  assert.not.match(staging.stdout + production.stdout, '${var:');
});

test('a resolved environment compiles to the bytes of the same values written in place', async () => {
  // plain/ is two-environments/ with production's values written literally, and no environments.
  const production = await runWeft(['compile', twoEnvironments, '--env', 'production']);
  expectExit(production, 0);
  assert.is(production.stdout, readFileSync(path.join(fixtures, 'plain.bundle.json'), 'utf8'));
});

test('a project without environments compiles byte-identically to before environments existed', async () => {
  // plain.bundle.json was written by the weft of the commit before environments (83581df).
  const result = await runWeft(['compile', plain]);
  expectExit(result, 0);
  assert.is(result.stdout, readFileSync(path.join(fixtures, 'plain.bundle.json'), 'utf8'));
});

test('without --env, the default environment; overlay folders are patches, not resources of the base', async () => {
  const [byDefault, staging, validate] = await Promise.all([
    runWeft(['compile', twoEnvironments]),
    runWeft(['compile', twoEnvironments, '--env', 'staging']),
    runWeft(['validate', twoEnvironments, '--format', 'json']),
  ]);
  expectExit(byDefault, 0);
  assert.is(byDefault.stdout, staging.stdout);
  // environments/staging/shop.yaml is a patch, not a broken resource.
  expectExit(validate, 0);
  assert.equal(JSON.parse(validate.stdout).diagnostics, []);
});

test('an undeclared --env is a usage error naming the declared ones', async () => {
  const [compile, plan, secret, none] = await Promise.all([
    runWeft(['compile', twoEnvironments, '--env', 'prod']),
    runWeft(['plan', twoEnvironments, '--env', 'qa']),
    runWeft(['secret', 'list', twoEnvironments, '--env', 'prod']),
    runWeft(['validate', plain, '--env', 'staging']),
  ]);
  expectExit(compile, 2);
  assert.match(compile.stderr, "the project has no environment 'prod'; did you mean 'production'? (declared: staging, production)");
  expectExit(plan, 2);
  assert.match(plan.stderr, "no environment 'qa' (declared: staging, production)");
  expectExit(secret, 2);
  expectExit(none, 2);
  assert.match(none.stderr, 'the project declares no environments');
  for (const result of [compile, plan, secret, none]) assert.not.match(result.stderr, /\n\s+at /);
});

test("each environment's embedded engine has its own state: production's plan does not see staging's apply", async () => {
  const directory = await copyFixture(twoEnvironments, 'weft-environments-');
  try {
    const applied = await runWeft(['apply', directory, '--env', 'staging']);
    expectExit(applied, 0);
    assert.match(applied.stdout, 'Resources: 3 added');
    assert.ok(existsSync(path.join(directory, '.weft', 'env', 'staging', 'state.db')));
    assert.not.ok(existsSync(path.join(directory, '.weft', 'state.db')), 'no environment uses .weft/state.db');

    // One at a time until production's state exists: two processes creating one state file at
    // once race its migrations (a problem of its own, not of environments).
    const production = await runWeft(['plan', directory, '--env', 'production', '--format', 'json']);
    const [staging, productionRevisions, stagingRevisions] = await Promise.all([
      runWeft(['plan', directory, '--detailed-exitcode']),
      runWeft(['revisions', directory, '--env', 'production']),
      runWeft(['revisions', directory, '--env', 'staging', '--format', 'json']),
    ]);
    expectExit(production, 0);
    const plan = JSON.parse(production.stdout) as { summary: { add: number; change: number; destroy: number } };
    assert.equal(plan.summary, { add: 3, change: 0, destroy: 0 });
    // The plan shows production's values, unlike a secret's.
    assert.match(production.stdout, 'acme.example.com');
    assert.not.match(production.stdout, 'acme-sandbox');
    // The default environment, staging, is applied already.
    expectExit(staging, 0);
    assert.match(staging.stdout, 'No changes.');
    expectExit(productionRevisions, 0);
    assert.match(productionRevisions.stdout, 'No revisions');
    expectExit(stagingRevisions, 0);
    assert.is((JSON.parse(stagingRevisions.stdout) as { revisions: unknown[] }).revisions.length, 1);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('a plan saved for one environment is not applied to another', async () => {
  const directory = await copyFixture(twoEnvironments, 'weft-environments-');
  try {
    const planFile = path.join(directory, 'production.plan.json');
    expectExit(await runWeft(['plan', directory, '--env', 'production', '--out', planFile]), 0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { environment?: string; engine: string };
    assert.is(saved.environment, 'production');
    assert.is(saved.engine, "the local engine of environment 'production'");
    const refused = await runWeft(['apply', planFile, '--env', 'staging']);
    expectExit(refused, 2);
    assert.match(refused.stderr, "was made for environment 'production', not 'staging'");
    const applied = await runWeft(['apply', planFile]);
    expectExit(applied, 0);
    assert.ok(existsSync(path.join(directory, '.weft', 'env', 'production', 'state.db')));
    assert.not.ok(existsSync(path.join(directory, '.weft', 'env', 'staging')));
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

interface ReportedDiagnostic {
  code: string;
  file: string;
  line: number;
  message: string;
  environments?: string[];
}

test('validate without --env checks every environment and reports each finding once, with the environments it is in', async () => {
  const directory = await copyFixture('examples/acme', 'weft-environments-acme-');
  try {
    const clean = await runWeft(['validate', directory, '--format', 'json']);
    expectExit(clean, 0);
    assert.equal(JSON.parse(clean.stdout).diagnostics, []);

    // A misspelt endpoint in production's own flow, and one in a base flow both environments deploy.
    const productionFlow = path.join(directory, 'environments', 'production', 'backfill-us-orders.yaml');
    const productionText = await readFile(productionFlow, 'utf8');
    await writeFile(productionFlow, productionText.replace('endpoint: listOrders,', 'endpoint: listOrderz,'));
    const productionLine = productionText.slice(0, productionText.indexOf('endpoint: listOrders,')).split('\n').length;
    const base = path.join(directory, 'flows', 'orders-to-warehouse.yaml');
    const baseText = await readFile(base, 'utf8');
    await writeFile(base, baseText.replace('endpoint: createShipment }', 'endpoint: createShipmentz }'));
    const baseLine = baseText.slice(0, baseText.indexOf('endpoint: createShipment }')).split('\n').length;

    const [all, staging, pretty] = await Promise.all([
      runWeft(['validate', directory, '--format', 'json']),
      runWeft(['validate', directory, '--env', 'staging', '--format', 'json']),
      runWeft(['validate', directory]),
    ]);
    expectExit(all, 1);
    const found = (JSON.parse(all.stdout) as { diagnostics: ReportedDiagnostic[] }).diagnostics.map(({ code, file, line, message, environments }) => ({ code, file, line, message, environments }));
    assert.equal(found, [
      {
        code: 'unknown-endpoint',
        file: 'environments/production/backfill-us-orders.yaml',
        line: productionLine,
        message: "connector 'shopify' (instance 'shopify-us') has no endpoint 'listOrderz' (environment: production)",
        environments: ['production'],
      },
      {
        code: 'unknown-endpoint',
        file: 'flows/orders-to-warehouse.yaml',
        line: baseLine,
        message: "connector 'warehouse' (instance 'warehouse-eu') has no endpoint 'createShipmentz' (environments: staging, production)",
        environments: ['staging', 'production'],
      },
    ]);
    assert.match(pretty.stdout, '(environments: staging, production)');
    assert.is(pretty.stdout.split('createShipmentz').length - 1, 2, 'the base error once (message and code frame)');

    // --env narrows to one environment, whose findings need no list.
    expectExit(staging, 1);
    const narrowed = (JSON.parse(staging.stdout) as { diagnostics: ReportedDiagnostic[] }).diagnostics;
    assert.equal(narrowed.map(({ file, message, environments }) => ({ file, message, environments })), [
      { file: 'flows/orders-to-warehouse.yaml', message: "connector 'warehouse' (instance 'warehouse-eu') has no endpoint 'createShipmentz'", environments: undefined },
    ]);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('examples/acme: validate checks staging and production; their plans differ exactly as the overlays and values say', async () => {
  const directory = await copyFixture('examples/acme', 'weft-acme-environments-');
  try {
    // Both environments are validated: a broken reference in production's own flow is found without --env.
    const validate = await runWeft(['validate', directory, '--format', 'json']);
    expectExit(validate, 0);
    const productionFlow = path.join(directory, 'environments', 'production', 'backfill-us-orders.yaml');
    const flowText = await readFile(productionFlow, 'utf8');
    await writeFile(productionFlow, flowText.replace('instance: netsuite-prod,', 'instance: netsuite-prd,'));
    const broken = await runWeft(['validate', directory, '--format', 'json']);
    expectExit(broken, 1);
    assert.equal(
      (JSON.parse(broken.stdout) as { diagnostics: ReportedDiagnostic[] }).diagnostics.map(({ code, file, environments }) => ({ code, file, environments })),
      [{ code: 'unknown-instance', file: 'environments/production/backfill-us-orders.yaml', environments: ['production'] }],
    );
    await writeFile(productionFlow, flowText);

    const [staging, production] = await Promise.all([runWeft(['compile', directory, '--env', 'staging']), runWeft(['compile', directory, '--env', 'production'])]);
    expectExit(staging, 0);
    expectExit(production, 0);
    const stagingBundle = JSON.parse(staging.stdout) as { resources: { kind: string; name: string }[] };
    const productionBundle = JSON.parse(production.stdout) as { resources: { kind: string; name: string }[] };
    // The production-only flow is production's; the rest differs where staging's overlay and the values say.
    const names = (bundle: typeof stagingBundle) => bundle.resources.map((resource) => `${resource.kind}/${resource.name}`);
    assert.equal(names(productionBundle).filter((name) => !names(stagingBundle).includes(name)), ['Flow/backfill-us-orders']);
    assert.equal(names(stagingBundle).filter((name) => !names(productionBundle).includes(name)), []);
    const shared = { ...productionBundle, resources: productionBundle.resources.filter((resource) => resource.name !== 'backfill-us-orders') };
    assert.equal(differences(stagingBundle, shared), [
      '/resources/4/spec/settings/accountId: "1234567-sb1" → "1234567"',
      '/resources/6/metadata/description: "acme-uk-sandbox.myshopify.com (GBP, development store)" → "acme-uk.myshopify.com (GBP)"',
      '/resources/6/spec/settings/shop: "acme-uk-sandbox" → "acme-uk"',
    ]);

    // Each environment's embedded engine, its secrets stored: the plans differ the same way.
    await seedAcmeSecrets(directory, 'staging');
    await seedAcmeSecrets(directory, 'production');
    const plans = await Promise.all(['staging', 'production'].map((name) => runWeft(['plan', directory, '--env', name, '--format', 'json'], { env: acmeEnvironment })));
    for (const plan of plans) expectExit(plan, 0);
    const [stagingPlan, productionPlan] = plans.map((plan) => JSON.parse(plan.stdout) as { summary: { add: number }; actions: { address: string; action: string }[] });
    assert.is(productionPlan!.summary.add, stagingPlan!.summary.add + 1);
    assert.equal(
      productionPlan!.actions.map((action) => action.address).filter((address) => !stagingPlan!.actions.some((other) => other.address === address)),
      ['flow.backfill-us-orders'],
    );
    assert.match(plans[0]!.stdout, 'acme-uk-sandbox');
    assert.not.match(plans[1]!.stdout, 'acme-uk-sandbox');
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test("the project's exclude globs hold inside overlay folders", async () => {
  const directory = await copyFixture(twoEnvironments, 'weft-environments-');
  try {
    const before = await runWeft(['compile', directory, '--env', 'staging']);
    expectExit(before, 0);
    const weftYaml = path.join(directory, 'weft.yaml');
    await writeFile(weftYaml, readFileSync(weftYaml, 'utf8').replace('spec:\n', 'spec:\n  exclude: ["**/*.draft.yaml", "environments/staging/wip/"]\n'));
    // Read, each would be an error: a patch of nothing, and a file that is not YAML.
    await writeFile(path.join(directory, 'environments', 'staging', 'shop.draft.yaml'), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: shop-old, patch: true }\nspec: { settings: { pageSize: 1 } }\n');
    await mkdir(path.join(directory, 'environments', 'staging', 'wip'));
    await writeFile(path.join(directory, 'environments', 'staging', 'wip', 'half.yaml'), 'kind: [\n');
    const [validate, after] = await Promise.all([runWeft(['validate', directory, '--format', 'json']), runWeft(['compile', directory, '--env', 'staging'])]);
    expectExit(validate, 0);
    assert.equal(JSON.parse(validate.stdout).diagnostics, []);
    expectExit(after, 0);
    assert.is(after.stdout, before.stdout);
    // Without the globs, both are read (and reported).
    await writeFile(weftYaml, readFileSync(weftYaml, 'utf8').replace(/  exclude: .*\n/, ''));
    const unexcluded = await runWeft(['validate', directory, '--format', 'json']);
    expectExit(unexcluded, 1);
    const codes = (JSON.parse(unexcluded.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.file}`).sort();
    assert.equal(codes, ['overlay-target-missing environments/staging/shop.draft.yaml', 'yaml-syntax environments/staging/wip/half.yaml']);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test.run();
