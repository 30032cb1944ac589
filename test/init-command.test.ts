import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment, type RunResult, expectExit, expectNoStackTrace } from './helpers/run-weft.js';

// `weft init` through the real binary: the files it writes, that the starter project validates,
// plans (once its secret is stored), applies and draws, how it names the project, and what it
// does with files that are already there.

const test = suite('init-command');

const temporary: string[] = [];

test.after.each(async () => {
  await Promise.all(temporary.splice(0).map((directory) => removeTemporaryDirectory(directory)));
});

/** A fresh parent directory for `weft init <parent>/<name>`. */
async function parentDirectory(): Promise<string> {
  const directory = await makeTemporaryDirectory('weft-init-');
  temporary.push(directory);
  return directory;
}

/** The local engine's key, so nothing depends on a key file or the user's environment. */
const engineEnv = { WEFT_SECRET_KEY: 'an init test passphrase', WEFT_ENGINE_TOKEN: undefined };

function weft(args: string[], cwd: string): Promise<RunResult> {
  return runWeft(args, { cwd, env: engineEnv });
}

/** `weft ...args` with `input` on stdin (runWeft gives the binary no stdin). */
function weftWithInput(args: string[], cwd: string, input: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [weftBinary, ...args], { cwd, env: weftEnvironment(engineEnv), stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(input);
  });
}


/** Every file under a directory (relative, '/'-separated), sorted. */
async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Every file under a directory with its content, to compare before and after. */
async function snapshot(directory: string): Promise<Record<string, string>> {
  const files = await listFiles(directory);
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readFile(path.join(directory, file), 'utf8')] as const)));
}

const starterYaml = ['weft.yaml', 'connectors/example-api.yaml', 'instances/example.yaml', 'flows/copy-orders.yaml'];
const starterFiles = [...starterYaml, '.gitignore', '.vscode/settings.json', '.vscode/weft.schema.json', '.github/workflows/weft.yml'].sort();

const resourceName = /^[a-z][a-z0-9-]{0,62}$/;

async function projectName(root: string): Promise<unknown> {
  return (parse(await readFile(path.join(root, 'weft.yaml'), 'utf8')) as { metadata?: { name?: unknown } }).metadata?.name;
}

// ---------------------------------------------------------------------------------------------

test('init <new dir> writes the starter project, the editor mapping and schema, and the GitHub workflow', async () => {
  const parent = await parentDirectory();
  const root = path.join(parent, 'integrations');
  const [result, schema] = await Promise.all([weft(['init', 'integrations'], parent), runWeft(['schema'])]);
  expectExit(result, 0);
  expectNoStackTrace(result);
  assert.is(result.stderr, '');
  assert.equal(await listFiles(root), starterFiles);

  // What it says: where, every file, and what to do next.
  assert.match(result.stdout, /^Created a weft project in integrations:\n/);
  for (const file of starterFiles) assert.ok(result.stdout.includes(`  ${file}\n`), `${file} not listed:\n${result.stdout}`);
  assert.not.match(result.stdout, /Left as they were/);
  assert.match(result.stdout, /weft validate integrations\n/);
  assert.match(result.stdout, /weft secret set example\/api-key integrations < /);
  assert.match(result.stdout, /weft plan integrations\n/);

  // .gitignore keeps the local engine (state, secrets, their key) out of git.
  const gitignore = await readFile(path.join(root, '.gitignore'), 'utf8');
  assert.ok(gitignore.split('\n').includes('.weft/'), gitignore);

  // The editor mapping: the schema for weft.yaml (or .yml) and the project's folders, .yaml and .yml alike.
  const settings = JSON.parse(await readFile(path.join(root, '.vscode', 'settings.json'), 'utf8')) as { 'yaml.schemas'?: Record<string, string[] | string> };
  assert.equal(Object.keys(settings['yaml.schemas'] ?? {}), ['./.vscode/weft.schema.json']);
  const globs = ([] as string[]).concat(settings['yaml.schemas']!['./.vscode/weft.schema.json']!);
  const covered = picomatch(globs);
  for (const file of [...starterYaml, 'weft.yml', 'connectors/more/other.yaml', 'connectors/short.yml', 'instances/eu/shop.yaml', 'instances/eu/shop.yml', 'flows/deep/er/flow.yaml', 'flows/deep/flow.yml', 'tests/orders.test.yml', 'lookups/regions.yaml']) {
    assert.ok(covered(file), `${file} not covered by ${globs.join(', ')}`);
  }
  for (const file of ['.github/workflows/weft.yml', 'fixtures/sample.yaml']) assert.not.ok(covered(file), `${file} should not get the weft schema`);

  // The schema is `weft schema`; the workflow is examples/github/weft.yml, byte for byte.
  expectExit(schema, 0);
  assert.is(await readFile(path.join(root, '.vscode', 'weft.schema.json'), 'utf8'), schema.stdout);
  assert.ok((await readFile(path.join(root, '.github', 'workflows', 'weft.yml'))).equals(await readFile(path.join(repoRoot, 'examples', 'github', 'weft.yml'))), 'the workflow differs from examples/github/weft.yml');
});

test('the starter validates, plans once its secret is stored, applies, and draws connector → instance → flow', async () => {
  const parent = await parentDirectory();
  const root = path.join(parent, 'starter');
  expectExit(await weft(['init', root], parent), 0);

  const validate = await weft(['validate'], root);
  expectExit(validate, 0);
  assert.match(validate.stdout, /no problems/);
  assert.not.match(validate.stdout, /warning/);
  const json = await weft(['validate', '--format', 'json'], root);
  expectExit(json, 0);
  assert.equal(JSON.parse(json.stdout), { ok: true, errorCount: 0, warningCount: 0, diagnostics: [] });

  // Before the secret is stored: the one unresolved placeholder, nothing else.
  const before = await weft(['plan'], root);
  expectExit(before, 1);
  expectNoStackTrace(before);
  const codes = [...before.stderr.matchAll(/(error|warning)\[([a-z-]+)\]/g)].map((match) => match[2]);
  assert.equal(codes, ['unresolved-placeholder'], before.stderr);
  assert.match(before.stderr, /example\/api-key/);
  assert.match(before.stderr, /instances\/example\.yaml:12:/);
  assert.match(before.stderr, /nothing planned/);
  assert.is(before.stdout, '');

  const secret = await weftWithInput(['secret', 'set', 'example/api-key'], root, 'k-123-not-real\n');
  expectExit(secret, 0);
  assert.match(secret.stderr, /stored secret example\/api-key/);
  assert.not.match(secret.stdout + secret.stderr, /k-123-not-real/);

  const plan = await weft(['plan'], root);
  expectExit(plan, 0);
  assert.match(plan.stdout, /Plan: 3 to add, 0 to change, 0 to destroy\./);
  for (const address of ['connector.example-api', 'instance.example', 'flow.copy-orders']) assert.match(plan.stdout, new RegExp(`\\+ ${address.replace('.', '\\.')}\\b`));

  const apply = await weft(['apply'], root);
  expectExit(apply, 0);
  assert.match(apply.stdout, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
  const again = await weft(['plan'], root);
  expectExit(again, 0);
  assert.match(again.stdout, /No changes/);

  const graph = await weft(['graph'], root);
  expectExit(graph, 0);
  const nodes = new Map([...graph.stdout.matchAll(/^\s*(n\d+)\W+(connector|instance|flow) ([a-z0-9-]+)/gm)].map((match) => [match[1]!, `${match[2]} ${match[3]}`]));
  const edges = [...graph.stdout.matchAll(/^\s*(n\d+) -->(?:\|([^|]*)\|)? (n\d+)\s*$/gm)].map((match) => `${nodes.get(match[1]!)} →${match[2] ? ` (${match[2]})` : ''} ${nodes.get(match[3]!)}`).sort();
  assert.equal(edges, ['connector example-api → instance example', 'instance example → (receive, send) flow copy-orders'], graph.stdout);

  // The local engine lives in .weft/, which the starter's .gitignore keeps out of git.
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_DIR: undefined, GIT_WORK_TREE: undefined } });
  git('init', '--quiet');
  // The database (the engines closed cleanly, so SQLite folded its WAL back in and removed it)
  // and validate's cache of its last results.
  assert.equal(await readdir(path.join(root, '.weft')), ['cache', 'state.db'], 'the engine keeps its state in .weft/');
  assert.equal(await readdir(path.join(root, '.weft', 'cache')), ['files.bin', 'results.json']);
  const status = git('status', '--porcelain', '--untracked-files=all');
  assert.not.match(status, /\.weft\//, status);
  assert.match(status, /weft\.yaml/);
});

test('the commands init suggests work as printed, for a directory name that needs quoting', async () => {
  const parent = await parentDirectory();
  const result = await weft(['init', 'My Integrations_2'], parent);
  expectExit(result, 0);
  assert.match(result.stdout, /^Created a weft project in My Integrations_2:\n/);
  assert.is(await projectName(path.join(parent, 'My Integrations_2')), 'my-integrations-2');

  const next = result.stdout.slice(result.stdout.indexOf('Next:\n') + 6).split('\n').map((line) => line.trim()).filter(Boolean);
  assert.is(next.length, 3, result.stdout);
  await writeFile(path.join(parent, 'api-key.txt'), 'k-456-not-real\n');
  const env = weftEnvironment(engineEnv);
  for (const line of next) {
    // The commands as a user pastes them into a shell (the explanation in parentheses left out).
    const command = line.replace(/\s+\(.*\)$/, '').replace(/^weft /, `'${process.execPath}' '${weftBinary}' `);
    let code = 0;
    try {
      execFileSync('bash', ['-c', command], { cwd: parent, env, stdio: 'pipe' });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    assert.is(code, 0, `${line} failed`);
  }
});

test('the project name comes from the directory name, and is always a valid resource name', async () => {
  const parent = await parentDirectory();
  const cases: [string, string | RegExp][] = [
    ['My Integrations_2', 'my-integrations-2'],
    ['acme', 'acme'],
    ['2024 Q3 Sync', 'q3-sync'],
    ['42-orders', 'orders'],
    ['007', resourceName],
    ['---x---', 'x'],
    ['Ünïcode Straße', resourceName],
    ['a'.repeat(70) + '-tail', resourceName],
    ['b'.repeat(62) + '--end', resourceName],
  ];
  // Absolute paths, so a name like ---x--- is not taken for an option.
  await Promise.all(cases.map(async ([directory]) => expectExit(await weft(['init', path.join(parent, directory)], parent), 0)));
  for (const [directory, expected] of cases) {
    const name = await projectName(path.join(parent, directory));
    assert.type(name, 'string');
    assert.match(name as string, resourceName, `${directory} → ${String(name)}`);
    assert.not.match(name as string, /-$/, `${directory} → ${String(name)}`);
    if (typeof expected === 'string') assert.is(name, expected, directory);
  }
  const results = await Promise.all(cases.map(([directory]) => weft(['validate', path.join(parent, directory)], parent)));
  results.forEach((result, index) => {
    expectExit(result, 0);
    assert.match(result.stdout, /no problems/, cases[index]![0]);
  });
});

test('init in the current directory (no argument)', async () => {
  const root = path.join(await parentDirectory(), 'here');
  await mkdir(root);
  const result = await weft(['init'], root);
  expectExit(result, 0);
  assert.match(result.stdout, /^Created a weft project in \.:\n/);
  assert.match(result.stdout, /weft validate \.\n/);
  assert.is(await projectName(root), 'here');
  assert.equal(await listFiles(root), starterFiles);
});

test('init where a project is already: exit 1, nothing changed', async () => {
  const parent = await parentDirectory();
  for (const projectFile of ['weft.yaml', 'weft.yml']) {
    const root = path.join(parent, projectFile.replace('.', '-'));
    await mkdir(root);
    await writeFile(path.join(root, projectFile), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: mine }\n');
    await writeFile(path.join(root, '.gitignore'), 'node_modules/\n');
    const before = await snapshot(root);
    const result = await weft(['init', root], parent);
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.match(result.stderr, new RegExp(`${projectFile.replace('.', '\\.')} exists`));
    assert.match(result.stderr, /weft project already/);
    assert.equal(await snapshot(root), before);
    assert.equal(await listFiles(root), [projectFile, '.gitignore'].sort());
  }

  // And a second init of an initialised directory, the same.
  const root = path.join(parent, 'twice');
  expectExit(await weft(['init', root], parent), 0);
  const before = await snapshot(root);
  const second = await weft(['init', root], parent);
  expectExit(second, 1);
  assert.equal(await snapshot(root), before);
});

test('init on a path that is a file: exit 1, a plain message (not an internal error), the file untouched', async () => {
  const parent = await parentDirectory();
  await writeFile(path.join(parent, 'a-file'), 'not a directory\n');
  const onFile = await weft(['init', 'a-file'], parent);
  expectExit(onFile, 1);
  expectNoStackTrace(onFile);
  assert.match(onFile.stderr, /a-file/);
  assert.not.match(onFile.stderr, /bug in weft/, onFile.stderr);
  assert.is(await readFile(path.join(parent, 'a-file'), 'utf8'), 'not a directory\n');
});

test('an existing .gitignore gets .weft/ appended once; an existing .vscode/settings.json is left alone, and said so', async () => {
  const parent = await parentDirectory();
  const first = path.join(parent, 'first');
  await mkdir(path.join(first, '.vscode'), { recursive: true });
  // No final newline: the line must still be a line of its own.
  await writeFile(path.join(first, '.gitignore'), 'node_modules/\n*.log');
  const settings = '{\n  // mine\n  "editor.tabSize": 2\n}\n';
  await writeFile(path.join(first, '.vscode', 'settings.json'), settings);

  const result = await weft(['init', first], parent);
  expectExit(result, 0);
  assert.is(await readFile(path.join(first, '.gitignore'), 'utf8'), 'node_modules/\n*.log\n.weft/\n');
  assert.is(await readFile(path.join(first, '.vscode', 'settings.json'), 'utf8'), settings);
  assert.match(result.stdout, /\.gitignore \(added \.weft\/\)/);
  const kept = result.stdout.slice(result.stdout.indexOf('Left as they were'));
  assert.ok(result.stdout.includes('Left as they were'), result.stdout);
  assert.match(kept.split('\n\n')[0]!, /^ {2}\.vscode\/settings\.json$/m);
  assert.not.match(kept.split('\n\n')[0]!, /gitignore/);
  // The rest is written as usual, the schema included.
  assert.equal(await listFiles(first), starterFiles);

  // The resulting .gitignore, in a fresh directory: init again adds nothing.
  for (const existing of ['node_modules/\n*.log\n.weft/\n', '/.weft/\n', '.weft\n', '# engine\n/.weft\n']) {
    const fresh = await makeTemporaryDirectory('weft-init-again-');
    temporary.push(fresh);
    await writeFile(path.join(fresh, '.gitignore'), existing);
    const again = await weft(['init', fresh], parent);
    expectExit(again, 0);
    const gitignore = await readFile(path.join(fresh, '.gitignore'), 'utf8');
    assert.is(gitignore, existing, `init changed a .gitignore that already ignores .weft: ${JSON.stringify(existing)}`);
    assert.match(again.stdout.slice(again.stdout.indexOf('Left as they were')), /^ {2}\.gitignore$/m);
  }

  // An empty .gitignore gets the line alone.
  const empty = path.join(parent, 'empty');
  await mkdir(empty);
  await writeFile(path.join(empty, '.gitignore'), '');
  expectExit(await weft(['init', empty], parent), 0);
  assert.is(await readFile(path.join(empty, '.gitignore'), 'utf8'), '.weft/\n');
});

test('.vscode/weft.schema.json validates every starter file and rejects a connector with a typo', async () => {
  const parent = await parentDirectory();
  const root = path.join(parent, 'schema-check');
  expectExit(await weft(['init', root], parent), 0);

  const schema = JSON.parse(await readFile(path.join(root, '.vscode', 'weft.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
  const validate = ajv.compile(schema);
  for (const file of starterYaml) {
    const document = parse(await readFile(path.join(root, file), 'utf8')) as unknown;
    assert.ok(validate(document), `${file} fails the editor schema: ${JSON.stringify(validate.errors, null, 2)}`);
  }

  const connector = parse(await readFile(path.join(root, 'connectors', 'example-api.yaml'), 'utf8')) as { spec: Record<string, unknown> };
  const { endpoints, ...rest } = connector.spec;
  const typo = { ...connector, spec: { ...rest, endpionts: endpoints } };
  assert.not.ok(validate(typo), 'a connector with spec.endpionts passes the editor schema');
  assert.equal(
    validate.errors?.map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params })),
    [{ instancePath: '/spec', keyword: 'additionalProperties', params: { additionalProperty: 'endpionts' } }],
  );

  // weft itself agrees with the editor.
  const typoed = (await readFile(path.join(root, 'connectors', 'example-api.yaml'), 'utf8')).replace('  endpoints:', '  endpionts:');
  await writeFile(path.join(root, 'connectors', 'example-api.yaml'), typoed);
  const result = await weft(['validate', '--format', 'json'], root);
  expectExit(result, 1);
  const report = JSON.parse(result.stdout) as { diagnostics: Record<string, unknown>[] };
  const line = typoed.split('\n').indexOf('  endpionts:') + 1;
  assert.equal(report.diagnostics, [
    {
      severity: 'error',
      code: 'schema',
      message: "unknown property 'endpionts' in 'spec'",
      file: 'connectors/example-api.yaml',
      line,
      column: 3,
      endLine: line,
      endColumn: 11,
      pointer: '/spec/endpionts',
      hint: "did you mean 'endpoints'?",
      keyword: 'additionalProperties',
    },
  ]);
});

test.run();
