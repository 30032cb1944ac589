import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeTemporaryDirectory, removeTemporaryDirectory, runWeft } from './helpers/run-weft.js';
import { engineToken, startEngine } from './helpers/remote-engine.js';

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

test.run();
