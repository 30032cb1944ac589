import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  copyFixture,
  makeTemporaryDirectory,
  removeTemporaryDirectory,
  repoRoot,
  runWeft,
  weftBinary,
  weftEnvironment,
  type RunResult,
} from './helpers/run-weft.js';
import { acmeSecrets } from './helpers/acme-engine.js';
import { engineToken, startEngine, targetEngine, type RemoteEngine } from './helpers/remote-engine.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { fuzzSeed, randomHex } from './helpers/fuzz-seed.js';
import { writeProject } from './helpers/temp-project.js';
import { secretForms } from './helpers/secret-forms.js';
import { brokerOrSkip, startBroker, type Broker } from './helpers/rabbitmq.js';
import { busFile } from './helpers/event-project.js';
import { connect } from 'amqplib';
import { copySingleAcme } from './helpers/single-acme.js';
import { pgBinary, postgresOrSkip, startPostgres } from './helpers/postgres.js';

// The canary-secret test: known secret values go into the secret store and the environment,
// every command runs, and neither a value nor its base64 (standard or url-safe, at any byte
// alignment), hex or UTF-16 form may appear in any output, bundle, plan file, state database,
// WAL or shared-memory file.

const test = suite('canary-secrets');

interface Canary {
  /** Where the value lives, for the failure message: `secret:path` or `env:NAME`. */
  name: string;
  value: string;
}

// The canary values are new every run (a leak may depend on a value's bytes: its base64 at some
// alignment, say); a failing test names the seed that replays them (WEFT_FUZZ_SEED).
const fuzz = fuzzSeed();
const nextRandom = fuzz.random();
const random = () => randomHex(nextRandom, 24);
/** `length` bytes from this run's seed. */
const randomBytes = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(nextRandom() * 256)));

/** One canary per secret path the example references, at least 24 characters, all distinct. */
const secretCanaries: Canary[] = acmeSecrets.map((secret, index) => ({ name: `secret:${secret}`, value: `canary-${index}-${random()}` }));
/** A secret stored but referenced by nothing. */
const unusedPath = 'extra/unused';
const unusedCanary: Canary = { name: `secret:${unusedPath}`, value: `canary-unused-${random()}` };
/** The one `${env:}` placeholder the example needs. */
const envCanary: Canary = { name: 'env:SHOPIFY_US_ACCESS_TOKEN', value: `canary-env-${random()}` };
/** The passphrase the secret store's key is derived from: a secret of the environment too. */
const keyCanary: Canary = { name: 'env:WEFT_SECRET_KEY', value: `canary-key-${random()}` };
/** The remote engine's admin token (fixed by the helper), sent by the CLI on every request. */
const tokenCanary: Canary = { name: 'env:WEFT_ENGINE_TOKEN', value: engineToken };

const storedCanaries = [...secretCanaries, unusedCanary];
/** The echoing API's instance: a Basic user and password, a token in the URL path (secrets), a signing key in the body (env). */
const echoSecretCanaries: Canary[] = ['echo/user', 'echo/password', 'echo/token'].map((secret) => ({ name: `secret:${secret}`, value: `canary-${secret.slice(5)}-${random()}` }));
const echoEnvCanary: Canary = { name: 'env:ECHO_SIGNING_KEY', value: `canary-signing-${random()}` };
const canaries: Canary[] = [...storedCanaries, envCanary, keyCanary, tokenCanary, ...echoSecretCanaries, echoEnvCanary];

/** The environment the local CLI (and so the local engine) runs with. */
const localEnvironment = { SHOPIFY_US_ACCESS_TOKEN: envCanary.value, WEFT_SECRET_KEY: keyCanary.value, WEFT_ENGINE_TOKEN: undefined };
/** The remote engine's environment: the env placeholder resolves there. */
const engineEnvironment = { SHOPIFY_US_ACCESS_TOKEN: envCanary.value, WEFT_SECRET_KEY: keyCanary.value };
/** The CLI talking to the remote engine: its token, and neither the env canary nor the key. */
const remoteEnvironment = { WEFT_ENGINE_TOKEN: engineToken, SHOPIFY_US_ACCESS_TOKEN: undefined, WEFT_SECRET_KEY: undefined };

const canaryForms = canaries.map((canary) => ({ canary, forms: secretForms(canary.value) }));

/** Where any canary occurs in `content`, one line per canary and form. */
function scan(where: string, content: Buffer | string): string[] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const found: string[] = [];
  for (const { canary, forms } of canaryForms) {
    for (const form of forms) if (bytes.includes(form.bytes)) found.push(`${canary.name} (${form.label}) in ${where}`);
  }
  return found;
}

/** Every file below a directory (recursively), relative paths; a missing directory has none. */
async function filesBelow(directory: string): Promise<string[]> {
  if (!existsSync(directory)) return [];
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** Accumulates what was scanned and what leaked, so one assertion names every leak at once. */
class Scanner {
  readonly leaks: string[] = [];
  /** Every file name scanned (relative to its root, prefixed by the root's label). */
  readonly filesSeen = new Set<string>();
  outputs = 0;

  output(label: string, result: RunResult): void {
    this.outputs++;
    this.leaks.push(...scan(`stdout of ${label}`, result.stdout), ...scan(`stderr of ${label}`, result.stderr));
  }

  text(label: string, content: Buffer | string): void {
    this.outputs++;
    this.leaks.push(...scan(label, content));
  }

  /** Scans the bytes of every file below `directory` as it is now. */
  async tree(rootLabel: string, directory: string, moment: string): Promise<void> {
    for (const file of await filesBelow(directory)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path.join(directory, file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // gone since listed (a WAL checkpointed away)
        throw error;
      }
      this.filesSeen.add(`${rootLabel}/${file}`);
      this.leaks.push(...scan(`${rootLabel}/${file} (${moment})`, bytes));
    }
  }

  assertNoLeaks(): void {
    assert.ok(this.outputs > 0, 'nothing was scanned');
    assert.equal(this.leaks, [], `canary values leaked:\n  ${this.leaks.join('\n  ')}`);
  }
}

/** `weft secret set <path> <project>`, the value on stdin (never in argv). */
function setSecret(secretPath: string, value: string, project: string, env: Record<string, string | undefined>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [weftBinary, 'secret', 'set', secretPath, project], {
      cwd: repoRoot,
      env: weftEnvironment(env),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    child.stdin.end(value);
  });
}

function expectCode(label: string, result: RunResult, code: number): void {
  assert.is(result.code, code, `${label} exited ${result.code}${result.signal ? ` (${result.signal})` : ''}, expected ${code}:\n${result.stderr}`);
}

async function bumpShopifyVersion(project: string): Promise<void> {
  const file = path.join(project, 'connectors', 'shopify.yaml');
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes('version: 1.4.0'), 'the example connector is at 1.4.0');
  await writeFile(file, text.replace('version: 1.4.0', 'version: 1.5.0'));
}

const expectedPaths = [...acmeSecrets, unusedPath].sort().map((secret) => secret + '\n').join('');

// Cleanup, run even when a test fails: engines stopped, databases closed, directories removed.
let temporary: string[] = [];
let engines: RemoteEngine[] = [];
let databases: LocalEngine[] = [];

test.after.each(async () => {
  for (const database of databases) database.close();
  await Promise.all(engines.map((engine) => engine.stop()));
  await Promise.all(temporary.map((directory) => removeTemporaryDirectory(directory)));
  temporary = [];
  engines = [];
  databases = [];
});

test('the scanner flags a canary in a file and an output, in every encoding (positive control)', fuzz.replayable(async () => {
  const directory = await makeTemporaryDirectory('weft-canary-control-');
  temporary.push(directory);
  const canary = secretCanaries[3]!;
  const raw = Buffer.from(canary.value);
  await writeFile(path.join(directory, 'leak.bin'), Buffer.concat([randomBytes(100), raw, randomBytes(100)]));
  await writeFile(path.join(directory, 'clean.bin'), randomBytes(1000));
  // The value embedded in a longer base64 text, at each alignment, standard and url-safe.
  const embedded = [0, 1, 2].map((shift) => Buffer.concat([Buffer.from('x'.repeat(shift)), raw, Buffer.from('tail')]).toString('base64'));
  const scanner = new Scanner();
  await scanner.tree('control', directory, 'control');
  assert.equal(scanner.leaks, [`${canary.name} (raw) in control/leak.bin (control)`]);
  assert.ok(scanner.filesSeen.has('control/clean.bin'));
  // A canary is ASCII below '>' or a lowercase letter, so its base64 has no '+' or '/': the
  // standard and url-safe forms are the same text, and both are reported.
  for (const [shift, text] of embedded.entries()) {
    const both = [`${canary.name} (base64 (alignment ${shift})) in text`, `${canary.name} (base64url (alignment ${shift})) in text`];
    assert.equal(scan('text', text), both, `base64 at alignment ${shift}`);
    assert.equal(scan('text', text.replace(/\+/g, '-').replace(/\//g, '_')), both, `base64url at alignment ${shift}`);
  }
  assert.equal(scan('text', `{"x":"${raw.toString('hex')}"}`), [`${canary.name} (hex) in text`]);
  assert.equal(scan('text', Buffer.from(`[${canary.value}]`, 'utf16le')), [`${canary.name} (utf16le) in text`]);
  assert.equal(scan('text', `canary-3-${'0'.repeat(24)} value-3 ${acmeSecrets.join(' ')}`), [], 'near misses are not');
  const output = new Scanner();
  output.output('a command', { code: 0, signal: null, stdout: `token: ${envCanary.value}\n`, stderr: '' });
  assert.equal(output.leaks, [`${envCanary.name} (raw) in stdout of a command`]);
  // Every canary is distinct and long enough to be unmistakable.
  assert.is(new Set(canaries.map((each) => each.value)).size, canaries.length);
  for (const each of canaries) assert.ok(each.value.length >= 24, `${each.name} is at least 24 characters`);
}));

test('local engine: no canary in any output, bundle, plan file or .weft file', fuzz.replayable(async () => {
  const project = await copySingleAcme('weft-canary-local-');
  const work = await makeTemporaryDirectory('weft-canary-local-out-');
  temporary.push(project, work);
  const scanner = new Scanner();
  const weftDirectory = path.join(project, '.weft');
  const snapshot = async (moment: string) => {
    await scanner.tree('project', project, moment);
    await scanner.tree('out', work, moment);
  };
  const weft = async (label: string, args: string[], code: number, env: Record<string, string | undefined> = {}) => {
    const result = await runWeft(args, { env: { ...localEnvironment, ...env } });
    scanner.output(label, result);
    expectCode(label, result, code);
    return result;
  };

  // Store every secret through the real CLI, one at a time (the first creates the database).
  for (const [index, secret] of acmeSecrets.entries()) {
    const result = await setSecret(secret, secretCanaries[index]!.value, project, localEnvironment);
    scanner.output(`secret set ${secret}`, result);
    expectCode(`secret set ${secret}`, result, 0);
  }
  const unused = await setSecret(unusedPath, unusedCanary.value, project, localEnvironment);
  scanner.output(`secret set ${unusedPath}`, unused);
  expectCode(`secret set ${unusedPath}`, unused, 0);

  // The secrets really are stored, under the key from WEFT_SECRET_KEY. This connection stays
  // open until the end, so each CLI process's close is not the last one and the WAL file
  // survives between commands to be scanned (the CLI alone checkpoints it away on exit).
  const database = new LocalEngine(path.join(weftDirectory, 'state.db'), { env: localEnvironment });
  databases.push(database);
  for (const canary of storedCanaries) assert.is((await database.readSecret(canary.name.slice('secret:'.length))), canary.value, `${canary.name} is stored`);
  await snapshot('after secret set');

  // Read-only commands, independent of each other.
  const bundleFile = path.join(work, 'bundle.json');
  const planFile = path.join(work, 'plan.json');
  const [, validateJson] = await Promise.all([
    weft('validate --format pretty', ['validate', project, '--format', 'pretty'], 0),
    weft('validate --format json', ['validate', project, '--format', 'json'], 0),
    weft('validate --format github', ['validate', project, '--format', 'github'], 0),
    weft('validate --format sarif', ['validate', project, '--format', 'sarif'], 0),
    weft('compile', ['compile', project], 0),
    weft('compile --out', ['compile', project, '--out', bundleFile], 0),
    weft('plan', ['plan', project], 0),
    weft('plan --format json', ['plan', project, '--format', 'json'], 0),
    weft('plan --format markdown', ['plan', project, '--format', 'markdown'], 0),
    weft('plan --out', ['plan', project, '--out', planFile], 0),
    weft('schema', ['schema'], 0),
    weft('--help', ['--help'], 0),
  ]);
  assert.ok(JSON.parse(validateJson.stdout), 'validate --format json printed JSON');
  const bundle = await readFile(bundleFile);
  const plan = await readFile(planFile);
  assert.is(JSON.parse(bundle.toString('utf8')).resources.length, 18, 'compile --out wrote the bundle');
  assert.equal(JSON.parse(plan.toString('utf8')).summary, { add: 18, change: 0, destroy: 0 }, 'plan --out wrote the plan');
  scanner.text('bundle.json', bundle);
  scanner.text('plan.json', plan);

  const applied = await weft('apply plan.json', ['apply', planFile], 0);
  assert.match(applied.stdout, /Revision 1\./);
  await snapshot('after apply plan.json');
  await bumpShopifyVersion(project);
  const second = await weft('apply (changed connector)', ['apply', project], 0);
  assert.match(second.stdout, /Revision 2\./);
  await snapshot('after the second apply');

  await Promise.all([weft('revisions', ['revisions', project], 0), weft('revisions --format json', ['revisions', project, '--format', 'json'], 0)]);
  const rolledBack = await weft('rollback 1', ['rollback', '1', project], 0);
  assert.match(rolledBack.stdout, /Revision 3\./);
  await snapshot('after rollback');

  const list = await weft('secret list', ['secret', 'list', project], 0);
  assert.is(list.stdout, expectedPaths, 'secret list shows every path (and only paths)');
  await weft('secret rm extra/unused', ['secret', 'rm', unusedPath, project], 0);
  // The working tree (1.5.0) differs from what the rollback deployed (1.4.0).
  await weft('plan --detailed-exitcode', ['plan', project, '--detailed-exitcode'], 2);
  await weft('apply --format json', ['apply', project, '--format', 'json'], 0);

  // Error cases, with stack traces on: a secret gone, so placeholders do not resolve.
  await weft('secret rm shopify/uk/access-token', ['secret', 'rm', 'shopify/uk/access-token', project], 0);
  const [unresolved] = await Promise.all([
    weft('plan with a secret missing (WEFT_DEBUG=1)', ['plan', project], 1, { WEFT_DEBUG: '1' }),
    weft('plan --format json with a secret missing (WEFT_DEBUG=1)', ['plan', project, '--format', 'json'], 1, { WEFT_DEBUG: '1' }),
    weft('apply stale plan.json (WEFT_DEBUG=1)', ['apply', planFile], 1, { WEFT_DEBUG: '1' }),
  ]);
  assert.match(unresolved.stderr, /error\[unresolved-placeholder\]: \$\{secret:shopify\/uk\/access-token\} does not resolve/);
  const unsetEnv = await weft('plan without SHOPIFY_US_ACCESS_TOKEN (WEFT_DEBUG=1)', ['plan', project], 1, { WEFT_DEBUG: '1', SHOPIFY_US_ACCESS_TOKEN: undefined });
  assert.match(unsetEnv.stderr, /SHOPIFY_US_ACCESS_TOKEN is not set/);
  const emptySecret = await setSecret('shopify/uk/access-token', '', project, { ...localEnvironment, WEFT_DEBUG: '1' });
  scanner.output('secret set with an empty value (WEFT_DEBUG=1)', emptySecret);
  expectCode('secret set with an empty value', emptySecret, 2);

  await snapshot('at the end, database open');
  assert.ok(scanner.filesSeen.has('project/.weft/state.db'), 'the state database was scanned');
  assert.ok(scanner.filesSeen.has('project/.weft/state.db-wal'), 'a WAL file was scanned');
  database.close();
  await snapshot('at the end, database closed');
  scanner.assertNoLeaks();
}));

test('remote engine: no canary in any output, the engine log, or the engine state while running and after', fuzz.replayable(async () => {
  const engineHome = await makeTemporaryDirectory('weft-canary-engine-');
  const project = await copySingleAcme('weft-canary-remote-');
  const work = await makeTemporaryDirectory('weft-canary-remote-out-');
  temporary.push(engineHome, project, work);
  const engine = await startEngine(engineEnvironment, engineHome);
  engines.push(engine);
  assert.ok(new URL(engine.url).hostname === '127.0.0.1', 'the engine listens on loopback');
  await targetEngine(project, engine.url);

  const scanner = new Scanner();
  const snapshot = async (moment: string) => {
    await scanner.tree('engine', engine.directory, moment);
    await scanner.tree('project', project, moment);
    await scanner.tree('out', work, moment);
  };
  const weft = async (label: string, args: string[], code: number, env: Record<string, string | undefined> = {}) => {
    const result = await runWeft(args, { env: { ...remoteEnvironment, ...env } });
    scanner.output(`${label} (remote)`, result);
    expectCode(`${label} (remote)`, result, code);
    return result;
  };

  // Store every secret through the CLI, which routes to the engine.
  const stored = await Promise.all(
    storedCanaries.map(async (canary) => {
      const secret = canary.name.slice('secret:'.length);
      return [secret, await setSecret(secret, canary.value, project, remoteEnvironment)] as const;
    }),
  );
  for (const [secret, result] of stored) {
    scanner.output(`secret set ${secret} (remote)`, result);
    expectCode(`secret set ${secret} (remote)`, result, 0);
  }
  const list = await weft('secret list', ['secret', 'list', project], 0);
  assert.is(list.stdout, expectedPaths, 'the engine lists every path');
  assert.not.ok(existsSync(path.join(project, '.weft', 'state.db')), 'nothing went to a local engine');

  // Planning succeeds only if every placeholder resolves on the engine's side, the env one
  // included (the CLI does not have SHOPIFY_US_ACCESS_TOKEN).
  const planFile = path.join(work, 'plan.json');
  await Promise.all([
    weft('plan', ['plan', project], 0),
    weft('plan --format json', ['plan', project, '--format', 'json'], 0),
    weft('plan --format markdown', ['plan', project, '--format', 'markdown'], 0),
    weft('plan --out', ['plan', project, '--out', planFile], 0),
  ]);
  const plan = await readFile(planFile);
  assert.equal(JSON.parse(plan.toString('utf8')).summary, { add: 18, change: 0, destroy: 0 }, 'plan --out wrote the plan');
  scanner.text('plan.json (remote)', plan);

  const applied = await weft('apply plan.json', ['apply', planFile], 0);
  assert.match(applied.stdout, /Revision 1\./);
  await snapshot('running, after apply plan.json');
  await bumpShopifyVersion(project);
  const second = await weft('apply (changed connector)', ['apply', project, '--format', 'json'], 0);
  assert.is(JSON.parse(second.stdout).changes, true, 'the second apply changed something');
  await snapshot('running, after the second apply');
  await Promise.all([weft('revisions', ['revisions', project], 0), weft('revisions --format json', ['revisions', project, '--format', 'json'], 0)]);
  const rolledBack = await weft('rollback 1', ['rollback', '1', project], 0);
  assert.match(rolledBack.stdout, /Revision 3\./);
  await weft('secret list (after apply)', ['secret', 'list', project], 0);
  await weft('secret rm extra/unused', ['secret', 'rm', unusedPath, project], 0);
  await weft('plan --detailed-exitcode', ['plan', project, '--detailed-exitcode'], 2);
  await weft('secret rm shopify/uk/access-token', ['secret', 'rm', 'shopify/uk/access-token', project], 0);
  const unresolved = await weft('plan with a secret missing (WEFT_DEBUG=1)', ['plan', project], 1, { WEFT_DEBUG: '1' });
  assert.match(unresolved.stderr, /shopify\/uk\/access-token/);
  await weft('plan with a wrong token (WEFT_DEBUG=1)', ['plan', project], 1, { WEFT_DEBUG: '1', WEFT_ENGINE_TOKEN: 'not-the-token-0123456789' });

  await snapshot('running, at the end');
  assert.ok(scanner.filesSeen.has('engine/.weft/state.db'), 'the engine database was scanned');
  assert.ok(scanner.filesSeen.has('engine/.weft/state.db-wal'), 'the engine WAL was scanned while it ran');
  await engine.stop();
  await snapshot('after the engine stopped');
  const log = engine.output();
  // The log has a line per request (JSON: its method, path and status): each secret stored, and
  // the three applies (two and a rollback).
  const requests = (method: string, path: string) => engine.logLines().filter((line) => line.method === method && line.path === path && line.status === 200 && typeof line.ms === 'number' && !Number.isNaN(Date.parse(String(line.time)))).length;
  for (const canary of storedCanaries) assert.is(requests('PUT', `/v1/secrets/${canary.name.slice('secret:'.length)}`), 1, `${canary.name} stored once:\n${log}`);
  assert.is(requests('POST', '/v1/apply'), 3, log);
  scanner.text('the engine log (JSON, as written)', engine.rawLog());
  scanner.text('the engine output (request log)', log);

  // The secrets really were stored by the engine, under the key from its environment.
  const database = new LocalEngine(path.join(engine.directory, '.weft', 'state.db'), { env: engineEnvironment });
  databases.push(database);
  assert.is((await database.readSecret('shopify/uk/access-token')), undefined, 'removed through the CLI');
  assert.is((await database.readSecret(unusedPath)), undefined, 'removed through the CLI');
  for (const canary of secretCanaries.filter((each) => each.name !== 'secret:shopify/uk/access-token')) {
    assert.is((await database.readSecret(canary.name.slice('secret:'.length))), canary.value, `${canary.name} is stored in the engine`);
  }
  database.close();
  await snapshot('after the engine stopped, database read');
  scanner.assertNoLeaks();
}));

// An API that answers what it was sent: every POST (and GET .../broken) is refused with a 400
// whose body is the request's URL, body and headers; GET .../updates answers 200 with records
// that carry the echo (a secret inside a record that later fails). The card number is the
// user's data and may be stored; the instance's secrets may not, in any form.
const card = '4111111111111111';

/** Starts the echoing API on loopback; `requests` counts what it answered. */
async function startEchoApi(elsewhere?: string): Promise<{ server: Server; port: number; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests++;
      const echo = { url: request.url, body, authorization: request.headers.authorization, headers: request.headers };
      if (request.method === 'GET' && /\/paged(-open)?$/.test(request.url!) && elsewhere) {
        // The next page on another origin (a CDN, a redirect target, or an attacker's host).
        response.writeHead(200, { 'content-type': 'application/json', link: `<${elsewhere}/more?page=2>; rel="next"` });
        return response.end(JSON.stringify({ result: [{ id: 1 }] }));
      }
      if (request.method === 'GET' && request.url!.endsWith('/updates')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ result: [{ id: 1, card, echo }] }));
      }
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests: () => requests };
}

/** The local CLI's environment for the echo projects: the signing key and the state key, no engine token. */
const echoLocalEnvironment = { ECHO_SIGNING_KEY: echoEnvCanary.value, WEFT_SECRET_KEY: keyCanary.value, WEFT_ENGINE_TOKEN: undefined };

/** The echo project; `elsewhere` is the origin its paged endpoints' next links point to. */
function echoProject(port: number, elsewhere = 'http://127.0.0.1:9'): Record<string, string> {
  return {
    'weft.yaml': 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: echo }\nspec:\n  exclude: [card.json]\n',
    'echo.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: echo }
spec:
  version: 1.0.0
  http:
    baseUrl: "http://127.0.0.1:{{settings.port}}"
    retry: { maxAttempts: 1 }
  settings: { type: object, properties: { port: { type: integer } }, required: [port] }
  credentials: { user: {}, password: {}, token: {}, signing: {} }
  auth:
    basic: { type: basic, username: "{{credentials.user}}", password: "{{credentials.password}}" }
  endpoints:
    updates:
      path: /bot{{credentials.token}}/updates
      records: result
    broken:
      path: /bot{{credentials.token}}/broken
      records: result
    paged:
      path: /bot{{credentials.token}}/paged
      records: result
      pagination: { type: link-header }
    paged-open:
      path: /bot{{credentials.token}}/paged-open
      records: result
      pagination: { type: link-header, allowedOrigins: ["${elsewhere}"] }
    send:
      method: POST
      path: /bot{{credentials.token}}/sendMessage
      body: { card: "{{record.card}}", key: "{{credentials.signing}}" }
`,
    'instance.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: main }
spec:
  connector: echo
  auth: basic
  settings: { port: ${port} }
  credentials:
    user: "\${secret:echo/user}"
    password: "\${secret:echo/password}"
    token: "\${secret:echo/token}"
    signing: "\${env:ECHO_SIGNING_KEY}"
`,
    'flows.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: charge }
spec:
  trigger: { manual: {} }
  steps:
    - id: send
      send: { instance: main, endpoint: send }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: charge-stop }
spec:
  trigger: { manual: {} }
  onError: stop
  steps:
    - id: send
      send: { instance: main, endpoint: send }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: relay }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: updates }
    - id: send
      send: { instance: main, endpoint: send }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: broken }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: broken }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: paged }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: paged }
---
apiVersion: weft/v1
kind: Flow
metadata: { name: paged-open }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: main, endpoint: paged-open }
`,
    'card.json': JSON.stringify([{ card }]),
  };
}

/**
 * Runs every echo flow with `weft run` (each fails), then reads the runs back (pretty and JSON),
 * and asserts the API did echo and the errors say so.
 */
async function runEchoFlows(project: string, env: Record<string, string | undefined>, scanner: Scanner, where: string): Promise<void> {
  const weft = async (label: string, args: string[], code: number) => {
    const result = await runWeft(args, { env });
    scanner.output(`${label} (${where})`, result);
    expectCode(`${label} (${where})`, result, code);
    return result;
  };
  const input = path.join(project, 'card.json');
  const ids: string[] = [];
  for (const [flow, extra] of [['charge', ['--input', input]], ['charge-stop', ['--input', input]], ['relay', []], ['broken', []]] as const) {
    await weft(`run ${flow}`, ['run', flow, project, ...extra], 1);
    const json = await weft(`run ${flow} --format json`, ['run', flow, project, '--format', 'json', ...extra], 1);
    const run = JSON.parse(json.stdout) as { id: string; error?: string; failures: { error: string; record: unknown }[] };
    const texts = [run.error ?? '', ...run.failures.map((failure) => failure.error)].join('\n');
    assert.match(texts, /answered 400/, `${flow}: the API refused it (${where})`);
    assert.match(texts, /\[redacted\]/, `${flow}: what the API echoed is redacted (${where}): ${texts}`);
    assert.ok(texts.includes(card) || flow === 'broken', `${flow}: the card number, the user's data, is kept (${where})`);
    ids.push(run.id);
  }
  for (const id of ids) {
    await weft(`runs show ${id}`, ['runs', 'show', id, '--dir', project], 0);
    await weft(`runs show ${id} --format json`, ['runs', 'show', id, '--dir', project, '--format', 'json'], 0);
  }
  await weft('runs --format json', ['runs', '--dir', project, '--format', 'json'], 0);
}

/** A server on another origin that records every request it gets (URL and headers) and answers one record. */
async function startElsewhere(): Promise<{ server: Server; origin: string; requests: { url: string; headers: Record<string, unknown> }[] }> {
  const requests: { url: string; headers: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url!, headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ result: [{ id: 2 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/**
 * Scans what operators read from a running engine: /metrics, and the dashboard's JSON (the
 * overview, the runs list, each run with its failed records, the audit log) and a few seconds of
 * its live stream.
 */
async function scanOperations(engine: RemoteEngine, scanner: Scanner): Promise<void> {
  const metrics = await fetch(`${engine.url}/metrics`, { headers: { authorization: `Bearer ${engineToken}` } });
  assert.is(metrics.status, 200);
  const metricsText = await metrics.text();
  assert.match(metricsText, /weft_runs_total\{/);
  scanner.text('/metrics', metricsText);
  const signIn = await fetch(`${engine.url}/ui/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: engineToken }) });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (route: string) => {
    const response = await fetch(`${engine.url}/ui/api/${route}`, { headers: { cookie } });
    const text = await response.text();
    scanner.text(`the dashboard's /ui/api/${route}`, text);
    return JSON.parse(text) as { runs?: { id: string }[] };
  };
  await get('overview');
  await get('audit');
  const { runs = [] } = await get('runs?limit=200');
  assert.ok(runs.length > 0, 'the dashboard lists the runs');
  for (const run of runs) await get(`runs/${run.id}`);
  const controller = new AbortController();
  const stream = await fetch(`${engine.url}/ui/api/live`, { headers: { cookie }, signal: controller.signal });
  const reader = stream.body!.getReader();
  const chunks: Buffer[] = [];
  const timer = setTimeout(() => controller.abort(), 1500);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
  } catch {
    // Aborted after its time.
  } finally {
    clearTimeout(timer);
  }
  assert.match(Buffer.concat(chunks).toString(), /event: runs/);
  scanner.text("the dashboard's live stream", Buffer.concat(chunks));
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

test('remote engine on PostgreSQL (a cluster): no canary in any output, the engine log, a dump of the database or any file of the server', fuzz.replayable(async () => {
  if (!postgresOrSkip('canary-secrets on PostgreSQL')) return;
  const server = await startPostgres();
  try {
    const store = await server.database('canary');
    const project = await copySingleAcme('weft-canary-cluster-');
    temporary.push(project);
    const engine = await startEngine(engineEnvironment, undefined, ['--store', store]);
    engines.push(engine);
    await targetEngine(project, engine.url);
    const scanner = new Scanner();
    const weft = async (label: string, args: string[], code: number) => {
      const result = await runWeft(args, { env: remoteEnvironment });
      scanner.output(`${label} (cluster)`, result);
      expectCode(`${label} (cluster)`, result, code);
      return result;
    };
    for (const canary of storedCanaries) {
      const secret = canary.name.slice('secret:'.length);
      const result = await setSecret(secret, canary.value, project, remoteEnvironment);
      scanner.output(`secret set ${secret} (cluster)`, result);
      expectCode(`secret set ${secret} (cluster)`, result, 0);
    }
    assert.is((await weft('secret list', ['secret', 'list', project], 0)).stdout, expectedPaths);
    await weft('plan', ['plan', project], 0);
    assert.match((await weft('apply', ['apply', project], 0)).stdout, /Revision 1\./);
    await bumpShopifyVersion(project);
    await weft('apply (changed connector)', ['apply', project], 0);
    await weft('revisions', ['revisions', project, '--format', 'json'], 0);
    await weft('runs', ['runs', '--dir', project, '--format', 'json'], 0);
    await weft('secret rm extra/unused', ['secret', 'rm', unusedPath, project], 0);
    await engine.stop();
    scanner.text('the engine output (request log)', engine.output());
    // What the database holds, as a dump (text), and every file of the server as it is on disk.
    const pgDump = spawnSync(pgBinary('pg_dump'), ['--dbname', store, '--data-only'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
    assert.is(pgDump.status, 0, pgDump.stderr?.toString());
    assert.ok(pgDump.stdout.includes(Buffer.from('COPY public.secrets')), 'the dump has the secrets table');
    scanner.text('pg_dump of the database', pgDump.stdout);
    await scanner.tree('postgres', server.data, 'after the engine stopped');
    assert.ok([...scanner.filesSeen].some((file) => file.startsWith('postgres/pg_wal/')), 'the WAL was scanned');
    scanner.assertNoLeaks();
  } finally {
    await server.stop();
  }
}));

test('a next link to another origin: refused by default; listed, fetched without any credential', fuzz.replayable(async () => {
  const elsewhere = await startElsewhere();
  const api = await startEchoApi(elsewhere.origin);
  try {
    const env = echoLocalEnvironment;
    const scanner = new Scanner();
    const project = await writeProject(echoProject(api.port, elsewhere.origin));
    temporary.push(project);
    for (const canary of echoSecretCanaries) expectCode(`secret set ${canary.name}`, await setSecret(canary.name.slice('secret:'.length), canary.value, project, env), 0);

    const refused = await runWeft(['run', 'paged', project], { env });
    scanner.output('run paged', refused);
    expectCode('run paged', refused, 1);
    assert.match(refused.stdout, /is on another origin than the request \(http:\/\/127\.0\.0\.1:\d+\); refused: credentials are only sent to/);
    assert.is(elsewhere.requests.length, 0, 'the other origin was not called');

    const open = await runWeft(['run', 'paged-open', project], { env });
    scanner.output('run paged-open', open);
    expectCode('run paged-open', open, 0);
    assert.match(open.stdout, /fetch\s+receive\s+in\s+0\s+out\s+2\s+failed 0/);
    assert.equal(elsewhere.requests.map((request) => request.url), ['/more?page=2']);
    assert.is(elsewhere.requests[0]!.headers.authorization, undefined);
    scanner.text('the requests the other origin received', JSON.stringify(elsewhere.requests));
    await scanner.tree('project', project, 'after the runs');
    scanner.assertNoLeaks();
  } finally {
    await Promise.all([closeServer(api.server), closeServer(elsewhere.server)]);
  }
}));

test('an event flow whose sends an echoing API refuses: no canary in the engine log of its failures, its state or the dead letter', fuzz.replayable(async () => {
  if (!brokerOrSkip('canary-secrets (event flow)')) return;
  const api = await startEchoApi();
  let broker: Broker | undefined;
  try {
    broker = await startBroker();
    const admin = await connect(broker.url);
    const channel = await admin.createChannel();
    await channel.assertExchange('charges.dlx', 'fanout', { durable: true });
    await channel.assertQueue('charges.dead', { durable: true });
    await channel.bindQueue('charges.dead', 'charges.dlx', '');
    await channel.assertQueue('charges', { durable: true, arguments: { 'x-dead-letter-exchange': 'charges.dlx' } });

    const scanner = new Scanner();
    const engineHome = await makeTemporaryDirectory('weft-canary-event-engine-');
    const project = await writeProject({
      ...echoProject(api.port),
      'bus.yaml': `${busFile({ prefetch: 10, url: '${secret:bus/url}' })}---
apiVersion: weft/v1
kind: Flow
metadata: { name: charge-events }
spec:
  trigger: { event: { instance: bus, queue: charges, maxAttempts: 2 } }
  steps:
    - id: send
      send: { instance: main, endpoint: send }
`,
    });
    temporary.push(engineHome, project);
    const engine = await startEngine({ ECHO_SIGNING_KEY: echoEnvCanary.value, WEFT_SECRET_KEY: keyCanary.value }, engineHome);
    engines.push(engine);
    await targetEngine(project, engine.url);
    for (const canary of echoSecretCanaries) expectCode(`secret set ${canary.name}`, await setSecret(canary.name.slice('secret:'.length), canary.value, project, remoteEnvironment), 0);
    expectCode('secret set bus/url', await setSecret('bus/url', broker.url, project, remoteEnvironment), 0);
    const apply = await runWeft(['apply', project], { env: remoteEnvironment });
    scanner.output('apply', apply);
    expectCode('apply', apply, 0);

    const before = api.requests();
    channel.sendToQueue('charges', Buffer.from(JSON.stringify({ card })), { persistent: true, messageId: 'charge-1' });
    // Two attempts, each refused with an echo of the request, then the dead-letter queue.
    const deadline = Date.now() + 30_000;
    let dead: false | import('amqplib').GetMessage = false;
    while (!dead && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      dead = await channel.get('charges.dead', { noAck: true });
    }
    assert.ok(dead, `the message was not dead-lettered:\n${engine.output()}`);
    assert.is(api.requests() - before, 2, 'each attempt reached the API');
    const log = engine.output();
    assert.match(log, /run \S+ of charge-events \(event charges \(message charge-1\)\): partial \([^\n]*answered 400[^\n]*\[redacted\][^\n]*\); attempt 2 of 2: dead-lettered/, log);
    scanner.text('the dead-lettered message', JSON.stringify({ content: dead.content.toString('utf8'), properties: dead.properties }));
    const runs = await runWeft(['runs', 'charge-events', '--dir', project, '--format', 'json'], { env: remoteEnvironment });
    scanner.output('runs charge-events', runs);
    expectCode('runs charge-events', runs, 0);
    await scanner.tree('engine', engine.directory, 'running');
    await scanOperations(engine, scanner);
    await engine.stop();
    scanner.text('the engine log', engine.output());
    scanner.text('the engine log (JSON, as written)', engine.rawLog());
    await scanner.tree('engine', engine.directory, 'after the engine stopped');
    await admin.close();
    scanner.assertNoLeaks();
  } finally {
    await closeServer(api.server);
    await broker?.stop();
  }
}));

test('an API that echoes the request on a 400: no canary in weft run, runs show, the engine log or any state file', fuzz.replayable(async () => {
  const api = await startEchoApi();
  try {
    const env = echoLocalEnvironment;
    const scanner = new Scanner();

    // The local engine.
    const project = await writeProject(echoProject(api.port));
    temporary.push(project);
    for (const canary of echoSecretCanaries) expectCode(`secret set ${canary.name}`, await setSecret(canary.name.slice('secret:'.length), canary.value, project, env), 0);
    const before = api.requests();
    await runEchoFlows(project, env, scanner, 'local');
    assert.ok(api.requests() - before >= 8, 'every run reached the API');
    await scanner.tree('local project', project, 'after the runs');
    assert.ok(scanner.filesSeen.has('local project/.weft/state.db'), 'the state database was scanned');

    // The same through weft engine start: its admin API's runs, and its log.
    const engineHome = await makeTemporaryDirectory('weft-canary-echo-engine-');
    const remote = await writeProject(echoProject(api.port));
    temporary.push(engineHome, remote);
    const engine = await startEngine({ ECHO_SIGNING_KEY: echoEnvCanary.value, WEFT_SECRET_KEY: keyCanary.value }, engineHome);
    engines.push(engine);
    await targetEngine(remote, engine.url);
    for (const canary of echoSecretCanaries) expectCode(`secret set ${canary.name} (remote)`, await setSecret(canary.name.slice('secret:'.length), canary.value, remote, remoteEnvironment), 0);
    await runEchoFlows(remote, remoteEnvironment, scanner, 'remote');
    await scanner.tree('engine', engine.directory, 'running');
    // What operators read: the metrics, and the dashboard's answers about every run.
    await scanOperations(engine, scanner);
    await engine.stop();
    scanner.text('the engine log', engine.output());
    scanner.text('the engine log (JSON, as written)', engine.rawLog());
    await scanner.tree('engine', engine.directory, 'after the engine stopped');
    await scanner.tree('remote project', remote, 'at the end');
    assert.ok(scanner.filesSeen.has('engine/.weft/state.db'), 'the engine database was scanned');
    scanner.assertNoLeaks();
  } finally {
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
  }
}));

test.run();
