import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git } from './helpers/git.js';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, runWeft, type RunResult } from './helpers/run-weft.js';

/**
 * Connector packages as users get them (docs/packages.md): packages made with `npm pack`,
 * installed into a project from their tarballs with npm, offline, and used by an instance and a
 * flow — validated, planned, applied and run against an API on 127.0.0.1 by the real binary; what
 * is ambiguous, shadowed or broken in node_modules is a diagnostic there; `weft connectors list`
 * and `outdated` say what comes from where.
 */
const test = suite('connector-packages');

let directory: string;
let app: string;
let server: Server;
let port = 0;
/** What the API received: method, path, authorization and body of each request. */
let seen: { method: string; path: string; authorization: string | undefined; body: string }[] = [];
const token = 'pkg-test-token-7Qm2Xv9Lp4';
const marker = 'OUTSIDE-THE-PACKAGE-4f1c9e';
const env = { ECHO_TOKEN: token };

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_loglevel: 'warn' },
  });
  assert.is(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A connector of the echo API: records from GET <prefix>/items, each sent back with POST <prefix>/items. */
function echoConnector(version: string, prefix = ''): string {
  return `apiVersion: weft/v1
kind: Connector
metadata: { name: echo, description: the echo API }
spec:
  version: ${version}
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}${prefix}"
    retry: { maxAttempts: 1 }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { token: { description: API token } }
  auth:
    bearer: { type: bearer, token: "{{credentials.token}}" }
  endpoints:
    list: { path: /items, records: items }
    store: { method: POST, path: /items, body: "{{record}}" }
`;
}

/** Makes a package folder and packs it; returns the tarball's path. */
async function pack(name: string, version: string, files: Record<string, string>, extra: object = {}): Promise<string> {
  const folder = path.join(directory, 'sources', name);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name, version, description: `weft connectors: ${name}`, license: 'MIT', ...extra }, null, 2));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), text);
  }
  const result = npm(['pack', '--ignore-scripts', '--pack-destination', directory], folder);
  const tarball = path.join(directory, result.stdout.trim().split('\n').at(-1)!);
  return tarball;
}

/** Which installed packages the project's package.json lists (weft reads those only), with their ranges. */
async function listDependencies(dependencies: Record<string, string>): Promise<void> {
  const file = path.join(app, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...manifest, dependencies }, null, 2));
}

const instanceFile = () => path.join(app, '.', 'instances', 'echo.yaml');
async function useRange(reference: string): Promise<void> {
  await writeFile(
    instanceFile(),
    `apiVersion: weft/v1\nkind: Instance\nmetadata: { name: echo-main }\nspec:\n  connector: ${reference}\n  settings: { port: ${port} }\n  credentials: { token: "\${env:ECHO_TOKEN}" }\n`,
  );
}

const project = () => path.join(app, '.');
const weft = (args: string[]): Promise<RunResult> => runWeft(args, { cwd: app, env, timeoutMs: 60_000 });

interface JsonDiagnostic {
  code: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}
function diagnosticsOf(result: RunResult): JsonDiagnostic[] {
  return (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

const installed = { echo: '', fork: '', broken: '', evil: '' };

test.before(async () => {
  directory = await makeTemporaryDirectory('weft-connector-packages-');
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://api');
      seen.push({ method: request.method!, path: url.pathname, authorization: request.headers.authorization, body });
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ items: [{ id: 1, kind: 'a' }, { id: 2, kind: 'b' }] }));
      }
      response.writeHead(201);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  // The packages, as their authors publish them.
  installed.echo = await pack('weft-connector-echo', '1.2.0', {
    'connectors/echo.yaml': echoConnector('1.4.0'),
    'lookups/kinds.yaml': 'apiVersion: weft/v1\nkind: Lookup\nmetadata: { name: kinds }\nspec:\n  entries:\n    - { left: a, right: Alpha }\n    - { left: b, right: Beta }\n',
    'README.md': '# weft-connector-echo\n',
  });
  installed.fork = await pack('weft-connector-echo-fork', '3.0.0', { 'connectors/echo.yaml': echoConnector('1.5.0', '/fork') });
  installed.broken = await pack('weft-connector-broken', '0.1.0', { 'connectors/broken.yaml': 'apiVersion: weft/v1\nkind: Connector\nmetadata:\n  name: broken\nspec:\n  version: 0.1.0\n  endpoints: [list\n' });
  // A package that asks weft to read a file outside itself (the project's, the user's).
  installed.evil = await pack('acme-evil', '1.0.0', { 'connectors/innocent.yaml': echoConnector('9.9.9').replace('name: echo', 'name: innocent') }, { weft: { files: ['connectors/*.yaml', '../../../secret.yaml', '/etc/*.yaml'] } });

  app = path.join(directory, 'app');
  await mkdir(path.join(app, '.', 'instances'), { recursive: true });
  await mkdir(path.join(app, '.', 'flows'), { recursive: true });
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: '.', version: '1.0.0', private: true }));
  // Beside the project, where '../../../secret.yaml' from node_modules/acme-evil/ leads.
  await writeFile(path.join(directory, 'secret.yaml'), echoConnector('1.0.0').replace('name: echo', `name: stolen`).replace('the echo API', marker));
  // Offline, from the tarballs, no install scripts: as any dependency is installed.
  const install = npm(['install', '--offline', '--ignore-scripts', installed.echo, installed.fork, installed.broken, installed.evil], app);
  assert.not.match(install.stderr, /error/i, install.stderr);

  await writeFile(path.join(app, '.', 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: packaged }\n');
  await useRange('echo@^1.4');
  await writeFile(
    path.join(app, '.', 'flows', 'copy.yaml'),
    `apiVersion: weft/v1
kind: Flow
metadata: { name: copy }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: echo-main, endpoint: list }
    - id: label
      map: '{ "id": id, "label": $lookup("kinds", kind) }'
    - id: store
      send: { instance: echo-main, endpoint: store }
`,
  );
});

test.after(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await removeTemporaryDirectory(directory);
});

test.before.each(async () => {
  seen = [];
  await listDependencies({ 'weft-connector-echo': '^1.2.0' });
  await useRange('echo@^1.4');
  await rm(path.join(project(), 'connectors'), { recursive: true, force: true });
});

test('npm installed the tarballs into node_modules; a package connector and lookup validate, plan, apply and run like the project’s own', async () => {
  const names = (await readdir(path.join(app, 'node_modules'))).sort();
  assert.equal(names.filter((name) => !name.startsWith('.')), ['acme-evil', 'weft-connector-broken', 'weft-connector-echo', 'weft-connector-echo-fork']);

  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 0);
  assert.equal(diagnosticsOf(validated), []);

  const planned = await weft(['plan', '.']);
  expectExit(planned, 0);
  assert.match(planned.stdout, /\+ connector\.echo\b/);
  assert.match(planned.stdout, /\+ lookup\.kinds\b/);
  assert.match(planned.stdout, /\+ instance\.echo-main\b/);
  assert.match(planned.stdout, /Plan: 4 to add, 0 to change, 0 to destroy\./);
  // Only what the project uses: the other packages' connectors are not part of it.
  assert.not.match(planned.stdout, /innocent|broken|stolen/);

  expectExit(await weft(['apply', '.']), 0);
  const ran = await weft(['run', 'copy', '.', '--format', 'json']);
  expectExit(ran, 0);
  const run = JSON.parse(ran.stdout) as { status: string; steps: { id: string; out: number }[] };
  assert.is(run.status, 'succeeded');
  assert.equal(run.steps.map((step) => [step.id, step.out]), [['fetch', 2], ['label', 2], ['store', 2]]);
  assert.equal(
    seen.map((request) => [request.method, request.path, request.authorization, request.body]),
    [
      ['GET', '/items', `Bearer ${token}`, ''],
      ['POST', '/items', `Bearer ${token}`, '{"id":1,"label":"Alpha"}'],
      ['POST', '/items', `Bearer ${token}`, '{"id":2,"label":"Beta"}'],
    ],
  );
  // Applied again, nothing changes: the package connector is the same resource.
  const again = await weft(['plan', '.']);
  expectExit(again, 0);
  assert.match(again.stdout, /No changes\./);
});

test('connectors list shows where each connector comes from (text and JSON)', async () => {
  await listDependencies({ 'weft-connector-echo': '^1.2.0', 'weft-connector-echo-fork': '^3.0.0' });
  await useRange('echo@~1.4.0');
  const text = await weft(['connectors', 'list', '.']);
  expectExit(text, 0);
  assert.is(
    text.stdout,
    [
      `CONNECTOR  VERSION  FROM                            ${'FILE'.padEnd('node_modules/weft-connector-echo-fork/connectors/echo.yaml'.length)}  USED BY`,
      'echo       1.5.0    weft-connector-echo-fork@3.0.0  node_modules/weft-connector-echo-fork/connectors/echo.yaml  (unused)',
      'echo       1.4.0    weft-connector-echo@1.2.0       node_modules/weft-connector-echo/connectors/echo.yaml       echo-main',
      '',
    ].join('\n'),
  );
  const json = await weft(['connectors', 'list', '.', '--format', 'json']);
  expectExit(json, 0);
  assert.equal(JSON.parse(json.stdout), {
    connectors: [
      {
        name: 'echo',
        version: '1.5.0',
        file: 'node_modules/weft-connector-echo-fork/connectors/echo.yaml',
        package: { name: 'weft-connector-echo-fork', version: '3.0.0', directory: 'node_modules/weft-connector-echo-fork' },
        status: 'unused',
        usedBy: [],
      },
      {
        name: 'echo',
        version: '1.4.0',
        file: 'node_modules/weft-connector-echo/connectors/echo.yaml',
        package: { name: 'weft-connector-echo', version: '1.2.0', directory: 'node_modules/weft-connector-echo' },
        status: 'used',
        usedBy: ['echo-main'],
      },
    ],
  });
});

test('connectors outdated: each instance range and each package against what is installed; exit 1 when one is not satisfied (text and JSON)', async () => {
  const satisfied = await weft(['connectors', 'outdated', '.']);
  expectExit(satisfied, 0);
  assert.is(
    satisfied.stdout,
    [
      'INSTANCE   CONNECTOR  WANTED  RESOLVED  LATEST  FROM                       STATUS',
      'echo-main  echo       ^1.4    1.4.0     1.4.0   weft-connector-echo@1.2.0  ok',
      '',
      'PACKAGE              WANTED  INSTALLED  CONNECTORS  STATUS',
      'weft-connector-echo  ^1.2.0  1.2.0      echo@1.4.0  ok',
      '',
      "✔ every instance's connector range is satisfied, every connector package is installed within its range",
      '',
    ].join('\n'),
  );

  // The instance asks for a version the installed package does not have; package.json asks for a newer package.
  await useRange('echo@^2');
  await listDependencies({ 'weft-connector-echo': '^2.0.0', 'weft-connector-gone': '^1.0.0' });
  const outdated = await weft(['connectors', 'outdated', '.', '--format', 'json']);
  expectExit(outdated, 1);
  assert.equal(JSON.parse(outdated.stdout), {
    ok: false,
    instances: [
      {
        instance: 'echo-main',
        file: 'instances/echo.yaml',
        connector: 'echo',
        range: '^2',
        resolved: { version: '1.4.0', file: 'node_modules/weft-connector-echo/connectors/echo.yaml', package: { name: 'weft-connector-echo', version: '1.2.0', directory: 'node_modules/weft-connector-echo' } },
        latest: '1.4.0',
        status: 'unsatisfied',
      },
    ],
    packages: [
      { name: 'weft-connector-echo', dependency: 'weft-connector-echo', wanted: '^2.0.0', installed: '1.2.0', directory: 'node_modules/weft-connector-echo', connectors: ['echo@1.4.0'], status: 'unsatisfied' },
      { name: 'weft-connector-gone', dependency: 'weft-connector-gone', wanted: '^1.0.0', installed: null, directory: null, connectors: [], status: 'missing' },
    ],
  });
  const text = await weft(['connectors', 'outdated', '.']);
  expectExit(text, 1);
  assert.match(text.stdout, /^echo-main {2}echo {7}\^2 {6}1\.4\.0 {5}1\.4\.0 {3}weft-connector-echo@1\.2\.0 {2}unsatisfied$/m);
  assert.match(text.stdout, /^weft-connector-gone {2}\^1\.0\.0 {2}- {10}- {11}missing$/m);
  assert.match(text.stdout, /✖ 1 instance without a connector in range, 2 connector packages missing or outside package\.json's range\n$/);

  // validate says the same at the instance, naming the package.
  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 1);
  const [version] = diagnosticsOf(validated);
  assert.equal([version!.code, version!.file, version!.line, version!.column], ['connector-version', 'instances/echo.yaml', 5, 14]);
  assert.match(version!.hint!, /the installed package weft-connector-echo@1\.2\.0 \(node_modules\/weft-connector-echo\) supplies echo 1\.4\.0/);

  const usage = await weft(['connectors', 'oudated', '.']);
  expectExit(usage, 2);
  assert.match(usage.stderr, /expected list or outdated, not 'oudated'/);
});

test('two packages defining the connector: ambiguous-connector at the instance naming both files; a range that picks one resolves it, and runs it', async () => {
  await listDependencies({ 'weft-connector-echo': '^1.2.0', 'weft-connector-echo-fork': '^3.0.0' });
  const ambiguous = await weft(['validate', '.', '--format', 'json']);
  expectExit(ambiguous, 1);
  expectNoStackTrace(ambiguous);
  const diagnostics = diagnosticsOf(ambiguous);
  assert.equal(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.file, diagnostic.line, diagnostic.column]), [['ambiguous-connector', 'error', 'instances/echo.yaml', 5, 14]]);
  assert.is(
    diagnostics[0]!.message,
    "connector 'echo' (^1.4) is supplied by more than one installed package: node_modules/weft-connector-echo-fork/connectors/echo.yaml (weft-connector-echo-fork@3.0.0) and node_modules/weft-connector-echo/connectors/echo.yaml (weft-connector-echo@1.2.0)",
  );
  assert.match(diagnostics[0]!.hint!, /echo@1\.5\.0 or echo@1\.4\.0/);
  const pretty = await weft(['validate', '.']);
  assert.match(pretty.stdout, /error\[ambiguous-connector\]: connector 'echo' \(\^1\.4\)[^\n]*\n {2}--> instances\/echo\.yaml:5:14\n/);
  const outdated = await weft(['connectors', 'outdated', '.', '--format', 'json']);
  expectExit(outdated, 1);
  assert.is((JSON.parse(outdated.stdout) as { instances: { status: string }[] }).instances[0]!.status, 'ambiguous');

  // A range only the fork satisfies: its connector is the one, and the run goes to its base URL.
  await useRange('echo@^1.5');
  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 0);
  const ran = await weft(['run', 'copy', '.']);
  expectExit(ran, 0);
  assert.equal(seen.map((request) => `${request.method} ${request.path}`), ['GET /fork/items', 'POST /fork/items', 'POST /fork/items']);
});

test("the project's own connector shadows a package's: a warning at its name, the project's is the one that runs", async () => {
  await mkdir(path.join(project(), 'connectors'), { recursive: true });
  await writeFile(path.join(project(), 'connectors', 'echo.yaml'), echoConnector('1.4.7', '/own'));
  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 0);
  const diagnostics = diagnosticsOf(validated);
  assert.equal(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.file, diagnostic.line, diagnostic.column]), [['shadows-package', 'warning', 'connectors/echo.yaml', 3, 19]]);
  assert.match(diagnostics[0]!.message, /^connector 'echo' is also supplied by node_modules\/weft-connector-echo\/connectors\/echo\.yaml \(weft-connector-echo@1\.2\.0\); the project's own is used$/);
  const listed = JSON.parse((await weft(['connectors', 'list', '.', '--format', 'json'])).stdout) as { connectors: { file: string; status: string; usedBy: string[] }[] };
  assert.equal(listed.connectors.map((connector) => [connector.file, connector.status, connector.usedBy]), [
    ['connectors/echo.yaml', 'used', ['echo-main']],
    ['node_modules/weft-connector-echo/connectors/echo.yaml', 'shadowed', []],
  ]);
  const ran = await weft(['run', 'copy', '.']);
  expectExit(ran, 0);
  assert.equal(seen.map((request) => `${request.method} ${request.path}`), ['GET /own/items', 'POST /own/items', 'POST /own/items']);
});

test('a package with broken YAML is a diagnostic in node_modules with its line and column, not a crash', async () => {
  await listDependencies({ 'weft-connector-echo': '^1.2.0', 'weft-connector-broken': '^0.1.0' });
  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 1);
  expectNoStackTrace(validated);
  const diagnostics = diagnosticsOf(validated);
  assert.ok(diagnostics.length > 0);
  for (const diagnostic of diagnostics) assert.equal([diagnostic.code, diagnostic.file], ['yaml-syntax', 'node_modules/weft-connector-broken/connectors/broken.yaml']);
  assert.equal([diagnostics[0]!.line, diagnostics[0]!.column], [7, 14]);
  const pretty = await weft(['validate', '.']);
  expectNoStackTrace(pretty);
  assert.match(pretty.stdout, /--> node_modules\/weft-connector-broken\/connectors\/broken\.yaml:7:14\n/);
  // Listing still works, and says where to look.
  const listed = await weft(['connectors', 'list', '.']);
  expectExit(listed, 0);
  assert.match(listed.stderr, /problems? in installed connector packages; weft validate shows/);
});

test("a package's weft field pointing outside it is refused at its place in package.json; nothing outside the package is read", async () => {
  await listDependencies({ 'weft-connector-echo': '^1.2.0', 'acme-evil': '^1.0.0' });
  const validated = await weft(['validate', '.', '--format', 'json']);
  expectExit(validated, 1);
  const diagnostics = diagnosticsOf(validated);
  assert.equal(
    diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.file, diagnostic.line]),
    [
      ['bad-package', 'node_modules/acme-evil/package.json', 9],
      ['bad-package', 'node_modules/acme-evil/package.json', 10],
    ],
  );
  assert.match(diagnostics[0]!.message, /'\.\.\/\.\.\/\.\.\/secret\.yaml' leads outside the package; weft reads files inside the package folder only/);
  assert.match(diagnostics[1]!.message, /'\/etc\/\*\.yaml' is an absolute path/);
  for (const format of [[], ['--format', 'json']]) {
    const output = await weft(['validate', '.', ...format]);
    assert.not.ok((output.stdout + output.stderr).includes(marker), 'a file outside the package was read');
  }
  const listed = await weft(['connectors', 'list', '.', '--format', 'json']);
  assert.equal((JSON.parse(listed.stdout) as { connectors: { name: string }[] }).connectors.map((connector) => connector.name), ['echo', 'innocent']);
});

test('weft diff --base: the base revision (a copy without node_modules) resolves the packages installed now', async () => {
  await writeFile(path.join(app, '.gitignore'), 'node_modules/\n.weft/\n*.tgz\n');
  git(app, 'init', '-q');
  git(app, 'add', '-A');
  git(app, 'commit', '-q', '-m', 'base');
  // The same connector by another range: the bundle (ranges resolved to versions) does not change.
  await useRange('echo@~1.4.0');
  const diff = await weft(['diff', '.', '--base', 'HEAD', '--format', 'json']);
  expectExit(diff, 0);
  const report = JSON.parse(diff.stdout) as { base: { error_count: number }; summary: Record<string, number> };
  assert.is(report.base.error_count, 0, diff.stdout);
  assert.equal(report.summary, { added: 0, changed: 0, removed: 0 });
});

test.run();
