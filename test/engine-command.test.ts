import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { expectExit, expectNoStackTrace, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { engineToken, startEngine, targetEngine } from './helpers/remote-engine.js';

/** `weft engine start`, black-box: the real binary. */
const test = suite('engine-command');
let directory: string;

test.before.each(async () => {
  directory = await makeTemporaryDirectory('weft-engine-command-');
});
test.after.each(async () => {
  await removeTemporaryDirectory(directory);
});

test('refuses to start without WEFT_ENGINE_TOKEN (exit 1) and on a bad port or action (exit 2)', async () => {
  const untokened = await runWeft(['engine', 'start', directory, '--port', '0'], { env: { WEFT_ENGINE_TOKEN: undefined } });
  assert.is(untokened.code, 1);
  assert.match(untokened.stderr, /set WEFT_ENGINE_TOKEN/);
  assert.not.ok(existsSync(path.join(directory, '.weft')), 'nothing is created when it cannot start');
  const port = await runWeft(['engine', 'start', directory, '--port', '80a'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  assert.is(port.code, 2);
  assert.match(port.stderr, /--port must be a port number from 0 to 65535, not '80a'/);
  assert.is((await runWeft(['engine', 'stop'], { env: { WEFT_ENGINE_TOKEN: engineToken } })).code, 2);
  assert.is((await runWeft(['engine', 'start', path.join(directory, 'missing')], { env: { WEFT_ENGINE_TOKEN: engineToken } })).code, 2);
});

test('listens on 127.0.0.1, answers /healthz, keeps its state in dir/.weft, stops cleanly on SIGTERM', async () => {
  const engine = await startEngine({}, directory);
  assert.match(engine.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${engine.url}/healthz`);
  assert.is(health.status, 200);
  assert.equal(await health.json(), { status: 'ok' });
  assert.is((await fetch(`${engine.url}/v1/state`)).status, 401);
  assert.is((await fetch(`${engine.url}/v1/state`, { headers: { authorization: `Bearer ${engineToken}` } })).status, 200);
  assert.ok(existsSync(path.join(directory, '.weft', 'state.db')));
  const exited = new Promise<number | null>((resolve) => engine.process.once('exit', (code) => resolve(code)));
  await engine.stop();
  assert.is(await exited, 0);
  assert.match(engine.output(), /GET \/v1\/state 401 \d+ms\n.*GET \/v1\/state 200 \d+ms\n.*weft engine stopped\n$/s);
  assert.not.match(engine.output(), new RegExp(engineToken));
});

test('a port already in use is an error that names it (exit 1)', async () => {
  const engine = await startEngine({}, directory);
  try {
    const port = new URL(engine.url).port;
    const second = await runWeft(['engine', 'start', directory, '--port', port], { env: { WEFT_ENGINE_TOKEN: engineToken } });
    assert.is(second.code, 1);
    assert.match(second.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  } finally {
    await engine.stop();
  }
});

test('beyond loopback (--host 0.0.0.0) a token shorter than 32 characters is refused, before anything is created', async () => {
  const short = 'a'.repeat(31);
  const result = await runWeft(['engine', 'start', directory, '--host', '0.0.0.0', '--port', '0'], { env: { WEFT_ENGINE_TOKEN: short } });
  expectExit(result, 1);
  expectNoStackTrace(result);
  assert.is(
    result.stderr,
    "weft engine: WEFT_ENGINE_TOKEN is 31 characters long; listening on '0.0.0.0' needs at least 32 (e.g. openssl rand -hex 32), or listen on 127.0.0.1\n",
  );
  assert.is(result.stdout, '');
  assert.not.ok(existsSync(path.join(directory, '.weft')), 'nothing is created when it cannot start');
  // The dashboard's read-only token and the metrics token open something too: as long, or refused.
  for (const name of ['WEFT_UI_READ_TOKEN', 'WEFT_METRICS_TOKEN']) {
    const weak = await runWeft(['engine', 'start', directory, '--host', '0.0.0.0', '--port', '0'], { env: { WEFT_ENGINE_TOKEN: 'b'.repeat(32), [name]: 'viewer' } });
    expectExit(weak, 1);
    assert.is(weak.stderr, `weft engine: ${name} is 6 characters long; listening on '0.0.0.0' needs at least 32 (e.g. openssl rand -hex 32), or listen on 127.0.0.1\n`);
    assert.not.ok(existsSync(path.join(directory, '.weft')), name);
  }
});

test('beyond loopback (--host 0.0.0.0) a long token starts, with a warning that the admin API is plain HTTP', async () => {
  // Nothing is sent to it: the test only reads what it prints, then stops it.
  const child = spawn(process.execPath, [weftBinary, 'engine', 'start', directory, '--host', '0.0.0.0', '--port', '0'], {
    env: weftEnvironment({ WEFT_ENGINE_TOKEN: 'b'.repeat(32) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start in 10 s:\n${stdout}${stderr}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (/listening on http:\/\/0\.0\.0\.0:\d+/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the engine exited with ${code} before listening:\n${stdout}${stderr}`)));
  });
  try {
    await listening;
  } finally {
    // Stopped at once (it may not have its own SIGTERM handler yet): only what it printed matters here.
    child.kill('SIGTERM');
    await exited;
  }
  // A log line like the others: its time, then the warning.
  assert.match(
    stderr.split('\n')[0]!,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning: listening on '0\.0\.0\.0' exposes the admin API over plain HTTP beyond this machine; put TLS in front of it \(a reverse proxy\), see docs\/security\.md$/,
  );
  assert.not.match(stderr, /shorter than 16/);
  expectNoStackTrace({ stdout, stderr });
});


test('a runaway expression: /healthz answers within 100 ms while it runs, and SIGTERM stops the engine within 5 s', async () => {
  const engine = await startEngine({}, directory);
  const project = await makeTemporaryDirectory('weft-runaway-');
  try {
    const files: Record<string, string> = {
      'weft.yaml': `apiVersion: weft/v1\nkind: Project\nmetadata: { name: runaway }\nspec:\n  engine: { url: "${engine.url}", token: "\${env:WEFT_ENGINE_TOKEN}" }\n`,
      // A function that calls itself for ever, allowed a minute a record: only the engine's own sharing of its event loop keeps it answering.
      'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: spin }
spec:
  trigger: { webhook: { path: spin, public: true } }
  steps:
    - id: loop
      map: ($loop := function($n){ $loop($n + 1) }; $loop(0))
      limits: { timeoutMs: 60000 }
`,
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(project, name), text);
    expectExit(await runWeft(['apply', project], { env: { WEFT_ENGINE_TOKEN: engineToken } }), 0);
    // The runner loads the new revision within a second.
    let accepted: Response | undefined;
    for (let attempt = 0; attempt < 40 && accepted?.status !== 202; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      accepted = await fetch(`${engine.url}/hooks/spin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    }
    assert.is(accepted!.status, 202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const latencies: number[] = [];
    for (let probe = 0; probe < 20; probe++) {
      const started = performance.now();
      const health = await fetch(`${engine.url}/healthz`);
      latencies.push(performance.now() - started);
      assert.is(health.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Blocked by the evaluation, /healthz would wait for its whole timeout (seconds). The bounds
    // allow for a machine busy with other test processes: most answers fast, none blocked.
    const sorted = [...latencies].sort((a, b) => a - b);
    assert.ok(sorted[10]! < 100 && sorted[19]! < 1000, `/healthz took ${latencies.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    const exited = new Promise<number | null>((resolve) => engine.process.once('exit', (code) => resolve(code)));
    const signalled = performance.now();
    engine.process.kill('SIGTERM');
    assert.is(await exited, 0);
    const took = performance.now() - signalled;
    assert.ok(took < 5000, `exited ${took.toFixed(0)} ms after SIGTERM`);
    assert.match(engine.output(), /runs still in flight after 3 s stop where they are; the next start resumes them from their last checkpoint\nweft engine stopped\n$/);
  } finally {
    await engine.stop();
    await removeTemporaryDirectory(project);
  }
});
/** The resident memory of a process, from /proc (Linux). */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

/** POSTs `size` bytes of JSON-ish padding, made as it is sent (the client holds 64 KiB), chunked or with a Content-Length; the status, or 'reset' when the engine closed it first. */
function bigPost(url: string, size: number, headers: Record<string, string>, chunked: boolean): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(65_536, 0x20);
    const outgoing = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...(chunked ? {} : { 'content-length': String(size) }) } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      outgoing.destroy();
    });
    outgoing.on('error', () => resolve('reset'));
    let sent = 0;
    const pump = () => {
      while (sent < size && !outgoing.destroyed) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
      }
      if (!outgoing.destroyed) outgoing.end();
    };
    pump();
  });
}

test('20 concurrent 100 MB unauthenticated webhook posts: the engine stays under 300 MB resident and answers each', async () => {
  const engine = await startEngine({ HOOK_SECRET: 'a webhook signing secret' }, directory);
  const project = await makeTemporaryDirectory('weft-bodies-');
  try {
    const flow = (name: string, webhook: string) => `apiVersion: weft/v1\nkind: Flow\nmetadata: { name: ${name} }\nspec:\n  trigger: { webhook: ${webhook} }\n  steps:\n    - { id: keep, filter: 'true' }\n`;
    await writeFile(path.join(project, 'weft.yaml'), `apiVersion: weft/v1\nkind: Project\nmetadata: { name: bodies }\nspec:\n  engine: { url: "${engine.url}", token: "\${env:WEFT_ENGINE_TOKEN}" }\n`);
    await writeFile(
      path.join(project, 'flows.yaml'),
      [
        flow('signed', '{ path: signed, hmac: { header: X-Signature, secret: "${env:HOOK_SECRET}" } }'),
        flow('open', '{ path: open, public: true }'),
        // The largest body a flow may accept: only the engine-wide budget stands between it and the memory.
        flow('large', '{ path: large, public: true, maxBodyBytes: 104857600 }'),
      ].join('---\n'),
    );
    expectExit(await runWeft(['apply', project], { env: { WEFT_ENGINE_TOKEN: engineToken } }), 0);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const pid = engine.process.pid!;
    const before = await residentBytes(pid);
    let peak = before;
    const sampler = setInterval(() => void residentBytes(pid).then((bytes) => (peak = Math.max(peak, bytes)), () => {}), 10);
    const size = 100 * 1024 * 1024;
    const targets = [
      ['signed', { 'x-signature': 'f'.repeat(64) }],
      ['signed', {}],
      ['open', {}],
      ['large', {}],
      ['nowhere', {}],
    ] as const;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => {
        const [hook, headers] = targets[index % targets.length]!;
        return bigPost(`${engine.url}/hooks/${hook}`, size, headers, index % 2 === 0);
      }),
    );
    clearInterval(sampler);
    const health = await fetch(`${engine.url}/healthz`);
    assert.is(health.status, 200);
    // Each refused (401 signature, 413 too large, 404 unknown, 503 over the budget) or cut off; none accepted.
    for (const outcome of outcomes) assert.ok(outcome === 'reset' || [401, 404, 413, 503].includes(outcome), String(outcome));
    assert.ok(outcomes.some((outcome) => outcome !== 'reset'), outcomes.join(' '));
    assert.ok(peak < 300 * 1024 * 1024, `the engine's resident memory peaked at ${Math.round(peak / 1048576)} MiB (from ${Math.round(before / 1048576)} MiB)`);
  } finally {
    await engine.stop({ keepDirectory: true });
    await removeTemporaryDirectory(project);
  }
});

test("--env serves an environment's embedded engine (the default one without it); a remote environment is not served here", async () => {
  await cp(path.join(repoRoot, 'test', 'fixtures', 'environments', 'two-environments'), directory, { recursive: true });
  const production = await startEngine({}, directory, ['--env', 'production']);
  try {
    assert.match(production.output(), `(state: ${path.join(directory, '.weft', 'env', 'production', 'state.db')}, environment production)`);
    assert.is((await fetch(`${production.url}/v1/state`, { headers: { authorization: `Bearer ${engineToken}` } })).status, 200);
  } finally {
    await production.stop({ keepDirectory: true });
  }
  assert.ok(existsSync(path.join(directory, '.weft', 'env', 'production', 'state.db')));
  const byDefault = await startEngine({}, directory);
  await byDefault.stop({ keepDirectory: true });
  assert.match(byDefault.output(), path.join('.weft', 'env', 'staging', 'state.db'));
  assert.not.ok(existsSync(path.join(directory, '.weft', 'state.db')), 'an environment never uses .weft/state.db');

  const unknown = await runWeft(['engine', 'start', directory, '--port', '0', '--env', 'qa'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  expectExit(unknown, 2);
  assert.match(unknown.stderr, "no environment 'qa'");
  const weftYaml = path.join(directory, 'weft.yaml');
  await writeFile(weftYaml, (await readFile(weftYaml, 'utf8')).replace('    production:\n', '    production:\n      engine: { url: "http://127.0.0.1:9" }\n'));
  const remote = await runWeft(['engine', 'start', directory, '--port', '0', '--env', 'production'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  expectExit(remote, 1);
  assert.match(remote.stderr, "environment 'production' reconciles into the engine at http://127.0.0.1:9; start that engine where it runs");
  // A directory without weft.yaml is an engine's home alone: it has no environments to name.
  await mkdir(path.join(directory, 'bare'));
  const bare = await runWeft(['engine', 'start', path.join(directory, 'bare'), '--port', '0', '--env', 'staging'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  expectExit(bare, 2);
  for (const result of [unknown, remote, bare]) expectNoStackTrace(result);
});

test('--log-format json: one JSON object a line, each with its level and time; a run\'s lines name the run, its flow and status; a request names its method, path and status; anything else is a usage error', async () => {
  await writeFile(path.join(directory, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: logs }\nspec:\n  testing: { warnUntestedFlows: false }\n');
  await writeFile(
    path.join(directory, 'flow.yaml'),
    'apiVersion: weft/v1\nkind: Flow\nmetadata: { name: shape }\nspec:\n  trigger: { webhook: { path: shape, public: true } }\n  steps:\n    - id: double\n      map: \'{ "n": n * 2 }\'\n    - id: tell\n      notify: { on: [always] }\n',
  );
  const engine = await startEngine({}, directory);
  try {
    await targetEngine(directory, engine.url);
    expectExit(await runWeft(['apply', directory], { env: { WEFT_ENGINE_TOKEN: engineToken } }), 0);
    const started = await fetch(`${engine.url}/v1/flows/shape/runs`, { method: 'POST', headers: { authorization: `Bearer ${engineToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ records: [{ n: 1 }, { n: 'x' }] }) });
    const { run } = (await started.json()) as { run: string };
    const deadline = Date.now() + 10_000;
    while (!engine.logLines().some((line) => line.run === run && line.status !== undefined) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await engine.stop({ keepDirectory: true });
  }
  const lines = engine.logLines();
  assert.ok(lines.length > 3);
  for (const line of lines) {
    assert.ok(['info', 'warn', 'error'].includes(String(line.level)), JSON.stringify(line));
    assert.is(line.process, 'engine');
  }
  const request = lines.find((line) => line.path === '/v1/flows/shape/runs')!;
  assert.equal([request.method, request.status, typeof request.ms], ['POST', 202, 'number']);
  const ended = lines.find((line) => typeof line.run === 'string' && line.status !== undefined)!;
  assert.equal([ended.flow, ended.status, ended.level], ['shape', 'partial', 'warn']);
  // The notify step's line: the run, flow and step it comes from.
  const told = lines.find((line) => line.step === 'tell')!;
  assert.equal([told.run, told.flow], [ended.run, 'shape']);
  assert.not.match(JSON.stringify(lines), new RegExp(engineToken));
  const bad = await runWeft(['engine', 'start', directory, '--port', '0', '--log-format', 'xml'], { env: { WEFT_ENGINE_TOKEN: engineToken } });
  expectExit(bad, 2);
  assert.match(bad.stderr, /--log-format must be pretty or json, not 'xml'/);
});

test.run();
