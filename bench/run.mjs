#!/usr/bin/env node
// `npm run bench`: times `weft validate` against baselines measured in the same run, on this
// machine, and writes the figures into BENCHMARKS.md (between the markers).
//
//   1. corpora of 1,000 and 10,000 resources (bench/generate.mjs), `weft validate` against the
//      parse-only baseline (bench/parse-only.mjs: the same files through `yaml` alone, one thread)
//   2. plan and apply on the largest corpus; watch mode's edit-to-diagnostics time (bench/watch.mjs);
//      a flow run of 10,000 and 100,000 records against a hand-written script (bench/flow-throughput.mjs);
//      a route of three routes over 10,000 and 100,000 records against three straight flows (bench/route-throughput.mjs);
//      an event flow over 10,000 and 100,000 queued messages against an amqplib script (bench/event-throughput.ts);
//      webhook intake against a minimal durable receiver (bench/webhook-intake.mjs)
//      how fast `weft watch` stops in each state (bench/watch-stop.mjs)
//   3. the validation cache (bench/validate-cache.mjs): cold against ajv-cli, warm against the
//      start-up floor, one file changed against warm, on the largest corpus and each --project
//   4. start-up: `weft validate examples/acme` against `node -e 0`, without and with the cache
//   5. `weft import openapi` on a generated 5 MB OpenAPI document, and on each `--openapi <file>`
//      given (a real one: not kept in the repository), against `yaml` parsing the same text and
//      starting node (bench/import-openapi.mjs)
//
// Runs alternate between the command and its baseline so machine noise hits both alike;
// medians are reported. Options: --runs n (default 3 for corpora), --no-write, --sizes 1000,10000,
// --openapi file (repeatable), --project dir (repeatable: an independent project for the cache figures)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'startup-runs': { type: 'string', default: '21' },
    sizes: { type: 'string', default: '1000,10000' },
    'no-write': { type: 'boolean', default: false },
    openapi: { type: 'string', multiple: true, default: [] },
    project: { type: 'string', multiple: true, default: [] },
  },
});
const runs = Number(values.runs);
const sizes = values.sizes.split(',').map(Number);

/** Runs node with args; resolves wall time (ms), peak RSS (KB, when measured) and output. */
function run(args, { measure = false, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, measure ? [path.join(here, 'measure.cjs'), ...args] : args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rss = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (rss += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const maxRssKb = rss ? JSON.parse(rss).maxRssKb : undefined;
      resolve({ code, ms, maxRssKb, stdout, stderr });
    });
  });
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const mb = (kb) => (kb / 1024).toFixed(0);

async function corpus(size, directory) {
  const generated = await generateProject(directory, size);
  const validate = [];
  const singleThread = [];
  const parse = [];
  const check = (result, label) => {
    const report = JSON.parse(result.stdout);
    if (result.code !== 0 || report.errorCount !== 0) throw new Error(`${label} failed on the ${size} corpus: ${result.stdout.slice(0, 2000)}${result.stderr}`);
    return result;
  };
  for (let i = 0; i < runs; i++) {
    const parsed = await run(['bench/parse-only.mjs', directory], { measure: true });
    if (parsed.code !== 0) throw new Error(`parse-only failed: ${parsed.stderr}`);
    parse.push(parsed);
    // --no-cache: every run does the whole work (the cache's own figures are bench/validate-cache.mjs's).
    validate.push(check(await run(['weft', 'validate', directory, '--format', 'json', '--no-cache'], { measure: true }), 'weft validate'));
    singleThread.push(check(await run(['weft', 'validate', directory, '--format', 'json', '--no-cache'], { measure: true, env: { WEFT_WORKERS: '0' } }), 'weft validate (one thread)'));
  }
  const validateMs = median(validate.map((r) => r.ms));
  const singleThreadMs = median(singleThread.map((r) => r.ms));
  const parseMs = median(parse.map((r) => r.ms));
  return {
    size,
    files: generated.files,
    bytes: generated.bytes,
    validateMs,
    parseMs,
    ratio: validateMs / parseMs,
    singleThreadMs,
    singleThreadRatio: singleThreadMs / parseMs,
    singleThreadRssKb: Math.max(...singleThread.map((r) => r.maxRssKb)),
    resourcesPerSecond: size / (validateMs / 1000),
    mbPerSecond: generated.bytes / 1048576 / (validateMs / 1000),
    validateRssKb: Math.max(...validate.map((r) => r.maxRssKb)),
    parseRssKb: Math.max(...parse.map((r) => r.maxRssKb)),
  };
}

/**
 * Plan and apply on the largest corpus: the engine's own apply of every resource (in-process,
 * bench/engine-apply.ts), `weft apply` creating everything, then `weft plan` with no changes
 * against `weft validate` (alternating), and a no-op `weft apply`, which must write nothing.
 */
async function planApply(directory) {
  const engineRun = await run(['--import', 'tsx', 'bench/engine-apply.ts', directory]);
  if (engineRun.code !== 0) throw new Error(`engine-apply failed: ${engineRun.stderr}`);
  const engineApply = JSON.parse(engineRun.stdout);
  const names = JSON.parse(await readFile(path.join(directory, '.weft', 'bench-env.json'), 'utf8'));
  const env = { WEFT_SECRET_KEY: 'bench passphrase', ...Object.fromEntries(names.map((name) => [name, 'x'])) };
  // A copy with the same secrets and nothing applied: applied after a validate, from .weft/cache/.
  const { cp } = await import('node:fs/promises');
  const copy = `${directory}-after-validate`;
  await cp(directory, copy, { recursive: true });
  const applied = await run([path.join(root, 'bin', 'weft.cjs'), 'apply', directory, '--no-cache'], { env });
  if (applied.code !== 0) throw new Error(`weft apply failed: ${applied.stderr.slice(0, 2000)}`);
  await run([path.join(root, 'bin', 'weft.cjs'), 'validate', copy], { env });
  const appliedFromCache = await run([path.join(root, 'bin', 'weft.cjs'), 'apply', copy], { env });
  if (appliedFromCache.code !== 0) throw new Error(`weft apply after validate failed: ${appliedFromCache.stderr.slice(0, 2000)}`);
  await rm(copy, { recursive: true, force: true });
  const plans = [];
  const cachedPlans = [];
  const validates = [];
  await run(['weft', 'validate', directory, '--format', 'json'], { env });
  // At least 7 alternating pairs: a ratio of two 2-second figures moves by a tenth from run to
  // run on a busy machine, and a median of 3 each was within that.
  for (let i = 0; i < Math.max(runs, 7); i++) {
    const planned = await run(['weft', 'plan', directory, '--detailed-exitcode', '--no-cache'], { measure: true, env });
    if (planned.code !== 0) throw new Error(`weft plan found changes or failed (${planned.code}): ${planned.stdout.slice(0, 500)}${planned.stderr.slice(0, 2000)}`);
    plans.push(planned);
    validates.push(await run(['weft', 'validate', directory, '--format', 'json', '--no-cache'], { measure: true, env }));
    cachedPlans.push(await run(['weft', 'plan', directory, '--detailed-exitcode'], { measure: true, env }));
  }
  const { statSync } = await import('node:fs');
  const stateFile = path.join(directory, '.weft', 'state.db');
  const before = statSync(stateFile).mtimeMs;
  const noop = await run([path.join(root, 'bin', 'weft.cjs'), 'apply', directory], { env });
  const wroteNothing = noop.code === 0 && /Nothing to apply/.test(noop.stdout) && statSync(stateFile).mtimeMs === before;
  return {
    engineApplyMs: engineApply.applyMs,
    applyMs: applied.ms,
    applyFromCacheMs: appliedFromCache.ms,
    planMs: median(plans.map((r) => r.ms)),
    cachedPlanMs: median(cachedPlans.map((r) => r.ms)),
    validateMs: median(validates.map((r) => r.ms)),
    planRssKb: Math.max(...plans.map((r) => r.maxRssKb)),
    wroteNothing,
  };
}

/** `weft watch` on the corpus: 20 files, each broken then fixed (bench/watch.mjs), next to a full validate. */
async function watchEdits(directory, validateMs) {
  const result = await run([path.join(here, 'watch.mjs'), directory, '20']);
  if (result.code !== 0) throw new Error(`bench/watch.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return { ...JSON.parse(result.stdout), validateMs };
}

/** `weft run` of a flow moving `records` records against the hand-written baseline (bench/flow-throughput.mjs). */
async function flowRun(records) {
  const result = await run([path.join(here, 'flow-throughput.mjs'), String(records), String(runs)]);
  if (result.code !== 0) throw new Error(`bench/flow-throughput.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return JSON.parse(result.stdout);
}

/** A route of three routes against three straight flows and one (bench/route-throughput.mjs), one line per size. */
async function routeRun(sizes) {
  const result = await run([path.join(here, 'route-throughput.mjs'), sizes.join(','), String(runs)]);
  if (result.code !== 0) throw new Error(`bench/route-throughput.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

/**
 * An event flow (consume → map → publish) over a backlog of `messages`, against a minimal amqplib
 * script, on a private broker (bench/event-throughput.ts); undefined without rabbitmq-server.
 */
async function eventRun(messages) {
  if (!existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server')) return undefined;
  const result = await run(['--import', 'tsx', path.join(here, 'event-throughput.ts'), String(messages), '1']);
  if (result.code !== 0) throw new Error(`bench/event-throughput.ts failed: ${result.stderr.slice(0, 2000)}`);
  return JSON.parse(result.stdout);
}

/** Signed webhooks into `weft engine start` against a minimal durable receiver (bench/webhook-intake.mjs). */
async function webhookRun() {
  const result = await run([path.join(here, 'webhook-intake.mjs'), '5000', String(runs), '50']);
  if (result.code !== 0) throw new Error(`bench/webhook-intake.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return JSON.parse(result.stdout);
}

/** `weft import openapi` on the generated 5 MB document and the --openapi files (bench/import-openapi.mjs), one line each. */
async function importRun() {
  const result = await run([path.join(here, 'import-openapi.mjs'), '--runs', String(Math.max(runs, 3)), ...values.openapi]);
  if (result.code !== 0) throw new Error(`bench/import-openapi.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

/** How fast `weft watch` stops in each state, and a cycle over a removed folder (bench/watch-stop.mjs). */
async function watchStop() {
  const result = await run([path.join(here, 'watch-stop.mjs'), '3000', String(runs)]);
  if (result.code !== 0) throw new Error(`bench/watch-stop.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return JSON.parse(result.stdout);
}

async function startup() {
  const node = [];
  const weft = [];
  const cached = [];
  for (let i = 0; i < Number(values['startup-runs']); i++) {
    node.push((await run(['-e', '0'])).ms);
    const result = await run([path.join(root, 'bin', 'weft.cjs'), 'validate', 'examples/acme', '--no-cache']);
    if (result.code !== 0) throw new Error(`weft validate examples/acme failed: ${result.stdout}${result.stderr}`);
    weft.push(result.ms);
    cached.push((await run([path.join(root, 'bin', 'weft.cjs'), 'validate', 'examples/acme'])).ms);
  }
  return { nodeMs: median(node), weftMs: median(weft), ratio: median(weft) / median(node), cachedMs: median(cached), cachedRatio: median(cached) / median(node) };
}

/** Issue 21's cold, warm and one-file-changed figures against ajv-cli and the start-up floor (bench/validate-cache.mjs), one line per project. */
async function cacheRun() {
  const result = await run([path.join(here, 'validate-cache.mjs'), '--resources', String(Math.max(...sizes)), '--runs', String(Math.max(runs, 3)), ...values.project.flatMap((project) => ['--project', project])]);
  if (result.code !== 0) throw new Error(`bench/validate-cache.mjs failed: ${result.stderr.slice(0, 2000)}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

const workspace = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-'));
try {
  const results = [];
  for (const size of sizes) {
    process.stderr.write(`corpus of ${size} resources...\n`);
    results.push(await corpus(size, path.join(workspace, String(size))));
  }
  process.stderr.write('plan and apply...\n');
  const largest = Math.max(...sizes);
  const engine = await planApply(path.join(workspace, String(largest)));
  process.stderr.write('watch...\n');
  const watching = await watchEdits(path.join(workspace, String(largest)), engine.validateMs);
  process.stderr.write('watch stopping...\n');
  const stopping = await watchStop();
  process.stderr.write('flows (10,000 and 100,000 records)...\n');
  const flows = [await flowRun(10_000), await flowRun(100_000)];
  process.stderr.write('route (10,000 and 100,000 records)...\n');
  const routes = await routeRun([10_000, 100_000]);
  process.stderr.write('event flows (10,000 and 100,000 messages)...\n');
  const events = [await eventRun(10_000), await eventRun(100_000)].filter(Boolean);
  process.stderr.write('webhook intake...\n');
  const hooks = await webhookRun();
  process.stderr.write('weft import openapi...\n');
  const imports = await importRun();
  process.stderr.write('the validation cache, against ajv-cli...\n');
  const caching = await cacheRun();
  process.stderr.write('start-up...\n');
  const start = await startup();
  const cpus = os.cpus();
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.type()} ${os.release()}, ${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, by \`npm run bench\` (medians of ${runs} alternating runs; start-up: ${values['startup-runs']}).`,
    '',
    '### `weft validate` against the parse-only baseline',
    '',
    '| resources | files | MB | parse-only (yaml, 1 thread) | weft validate | ratio | resources/s | MB/s | peak RSS validate | peak RSS parse-only | validate, 1 thread (`WEFT_WORKERS=0`) | ratio | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.size.toLocaleString('en-US')} | ${r.files.toLocaleString('en-US')} | ${(r.bytes / 1048576).toFixed(1)} | ${(r.parseMs / 1000).toFixed(2)} s | ${(r.validateMs / 1000).toFixed(2)} s | **${r.ratio.toFixed(2)}x** | ${Math.round(r.resourcesPerSecond).toLocaleString('en-US')} | ${r.mbPerSecond.toFixed(2)} | ${mb(r.validateRssKb)} MB | ${mb(r.parseRssKb)} MB | ${(r.singleThreadMs / 1000).toFixed(2)} s | ${r.singleThreadRatio.toFixed(2)}x | ${mb(r.singleThreadRssKb)} MB |`,
    ),
    '',
    `### Plan and apply on ${largest.toLocaleString('en-US')} resources (issue #3 targets)`,
    '',
    'Cold runs use `--no-cache`; "after validate" is the same command once `weft validate` has filled `.weft/cache/` (as in a CI job that validates, then plans or applies).',
    '',
    '| engine apply of all creates (one transaction) | `weft apply` creating all, end to end | the same after validate | `weft plan`, no changes | `weft validate` | plan / validate | plan after validate | peak RSS plan | no-op apply writes nothing |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    `| ${(engine.engineApplyMs / 1000).toFixed(2)} s | ${(engine.applyMs / 1000).toFixed(2)} s | ${(engine.applyFromCacheMs / 1000).toFixed(2)} s | ${(engine.planMs / 1000).toFixed(2)} s | ${(engine.validateMs / 1000).toFixed(2)} s | **${(engine.planMs / engine.validateMs).toFixed(2)}x** | ${(engine.cachedPlanMs / 1000).toFixed(2)} s | ${mb(engine.planRssKb)} MB | ${engine.wroteNothing ? 'yes' : '**no**'} |`,
    '',
    `### Watch mode on ${largest.toLocaleString('en-US')} resources (issue #5 target: median under 100 ms)`,
    '',
    '| single-file edits | write → cycle output, median | worst | cycle time (first change → output), median | full `weft validate` | watch start (first full cycle) |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${watching.edits} | **${watching.medianMs.toFixed(0)} ms** | ${watching.worstMs.toFixed(0)} ms | ${watching.cycleMedianMs.toFixed(0)} ms | ${(watching.validateMs / 1000).toFixed(2)} s | ${(watching.initialMs / 1000).toFixed(2)} s |`,
    '',
    `### Stopping weft watch on ${stopping.resources.toLocaleString('en-US')} resources (issue #21 target: within a second in every state)`,
    '',
    '| idle | during the first cycle (the slowest of five points through it) | after a burst of edits, folder removed, reader gone | reader gone (next line) | a removed folder of its flows: the cycle(s) |',
    '|---:|---:|---:|---:|---:|',
    `| ${stopping.medianMs.idle} ms | ${stopping.medianMs.firstCycle} ms | ${stopping.medianMs.removedAndReaderGone} ms | ${stopping.medianMs.readerGone} ms | ${stopping.medianMs.folderRemovedCycle} ms |`,
    '',
    '### A flow run: receive (250 per page) → filter → map → send, against a simulated API (issue #6 targets)',
    '',
    '| records | sent | `weft run` | hand-written script | ratio | weft records/s | script records/s | peak RSS weft | peak RSS script |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...flows.map(
      (f) =>
        `| ${f.records.toLocaleString('en-US')} | ${f.sent.toLocaleString('en-US')} | ${(f.engineMs / 1000).toFixed(2)} s | ${(f.baselineMs / 1000).toFixed(2)} s | **${f.ratio.toFixed(2)}x** | ${Math.round(f.engineRecordsPerSecond).toLocaleString('en-US')} | ${Math.round(f.baselineRecordsPerSecond).toLocaleString('en-US')} | ${mb(f.engineRssKb)} MB | ${mb(f.baselineRssKb)} MB |`,
    ),
    '',
    '### A route of three routes (each map → send) against the same work as three straight flows (issue #15 targets: at most 1.3x, memory flat)',
    '',
    'The straight flows each receive every record and filter their third; "one flow" is the stricter baseline: one straight flow doing the same sends with the route worked out in its map, so its ratio is the cost of the route step itself.',
    '',
    '| records | sent | route | three straight flows | ratio | one straight flow | ratio | peak RSS route | peak RSS straight | route completes in a 40 MB heap |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
    ...routes.map(
      (r) =>
        `| ${r.records.toLocaleString('en-US')} | ${r.sent.toLocaleString('en-US')} | ${(r.routeMs / 1000).toFixed(2)} s | ${(r.straightMs / 1000).toFixed(2)} s | **${r.ratio.toFixed(2)}x** | ${(r.oneFlowMs / 1000).toFixed(2)} s | ${r.ratioToOneFlow.toFixed(2)}x | ${mb(r.routeRssKb)} MB | ${mb(r.straightRssKb)} MB | ${r.completesIn40MbHeap ? 'yes' : '**no**'} |`,
    ),
    '',
    '### An event flow: consume → map → publish on a private RabbitMQ, against a minimal amqplib script (issue #7 targets)',
    '',
    ...(events.length === 0
      ? ['Not measured: rabbitmq-server is not installed here.']
      : [
          '| backlog | prefetch | `weft engine start` | amqplib script | ratio | weft messages/s | script messages/s | CPU weft | CPU script | peak RSS weft | peak RSS script |',
          '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
          ...events.map(
            (e) =>
              `| ${e.messages.toLocaleString('en-US')} | ${e.prefetch} | ${(e.engineMs / 1000).toFixed(2)} s | ${(e.baselineMs / 1000).toFixed(2)} s | **${e.ratio.toFixed(2)}x** | ${Math.round(e.engineMessagesPerSecond).toLocaleString('en-US')} | ${Math.round(e.baselineMessagesPerSecond).toLocaleString('en-US')} | ${(e.engineCpuMs / 1000).toFixed(1)} s | ${(e.baselineCpuMs / 1000).toFixed(1)} s | ${mb(e.engineRssKb)} MB | ${mb(e.baselineRssKb)} MB |`,
          ),
        ]),
    '',
    '### Webhook intake: signed webhooks, each stored durably with its run before the 202, against a minimal durable receiver (issue #12 targets: at least 0.8x, p99 under 100 ms)',
    '',
    '| connections | requests a round | `weft engine start` | receiver (HMAC, JSONata, one FULL-sync insert) | ratio | weft p50 / p99 | receiver p50 / p99 | every accepted delivery has its run |',
    '|---:|---:|---:|---:|---:|---:|---:|:---:|',
    `| ${hooks.connections} | ${hooks.requestsPerRound.toLocaleString('en-US')} | ${hooks.engineRequestsPerSecond.toLocaleString('en-US')} req/s | ${hooks.baselineRequestsPerSecond.toLocaleString('en-US')} req/s | **${hooks.ratio.toFixed(2)}x** | ${hooks.engineP50Ms} / **${hooks.engineP99Ms} ms** | ${hooks.baselineP50Ms} / ${hooks.baselineP99Ms} ms | ${hooks.everyAcceptedHasItsRun ? 'yes' : '**no**'} |`,
    '',
    '### `weft import openapi` against `yaml` parsing the same document (issue #20 target: a 5 MB document under 3 s)',
    '',
    '| document | MB | operations | node (empty script) | yaml.parse of it | weft import openapi | ratio to yaml.parse | peak RSS weft / yaml.parse | connector written |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...imports.map((r) => `| ${r.document} | ${r.megabytes} | ${r.operations.toLocaleString('en-US')} | ${r.nodeMs} ms | ${(r.yamlParseMs / 1000).toFixed(2)} s | **${(r.weftMs / 1000).toFixed(2)} s** | ${r.ratio.toFixed(2)}x | ${r.weftRssMb} / ${r.yamlParseRssMb} MB | ${(r.outputBytes / 1048576).toFixed(1)} MB |`),
    '',
    '### Cold, warm and one file changed: `weft validate` against ajv-cli and the start-up floor (issue #21 targets)',
    '',
    'Cold is `--no-cache` against ajv-cli 5 (ajv 8 with js-yaml, schemas only) on a single-document copy of the same project; warm is an unchanged project, answered from `.weft/cache/`, against 3 × `node -e 0` plus the time to stat every file; one file changed is against the warm figure.',
    '',
    '| project | files | documents | MB | ajv-cli | weft cold | cold / ajv-cli | peak RSS cold | warm | warm target | peak RSS warm | one file changed | / warm | peak RSS one changed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...caching.map(
      (c) =>
        `| ${c.project} | ${c.files.toLocaleString('en-US')} | ${c.documents.toLocaleString('en-US')} | ${c.megabytes} | ${(c.ajvMs / 1000).toFixed(2)} s | ${(c.coldMs / 1000).toFixed(2)} s | **${c.coldToAjv.toFixed(2)}x** | ${c.coldRssMb} MB | **${c.warmMs} ms** | ${c.warmTargetMs} ms | ${c.warmRssMb} MB | ${(c.oneChangedMs / 1000).toFixed(2)} s | **${c.oneChangedToWarm.toFixed(1)}x** | ${c.oneChangedRssMb} MB |`,
    ),
    '',
    '### Start-up: `weft validate examples/acme` against `node -e 0`',
    '',
    '| node -e 0 | weft validate examples/acme (`--no-cache`) | ratio | unchanged, from `.weft/cache/` | ratio |',
    '|---:|---:|---:|---:|---:|',
    `| ${start.nodeMs.toFixed(0)} ms | ${start.weftMs.toFixed(0)} ms | **${start.ratio.toFixed(2)}x** | ${start.cachedMs.toFixed(0)} ms | **${start.cachedRatio.toFixed(2)}x** |`,
  ];
  const table = lines.join('\n');
  console.log(table);
  if (!values['no-write']) {
    const file = path.join(root, 'BENCHMARKS.md');
    const current = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\n<!-- bench:validate:start -->\n<!-- bench:validate:end -->\n');
    const updated = current.replace(/<!-- bench:validate:start -->[\s\S]*<!-- bench:validate:end -->/, `<!-- bench:validate:start -->\n${table}\n<!-- bench:validate:end -->`);
    await writeFile(file, updated);
    process.stderr.write('updated BENCHMARKS.md\n');
  }
} finally {
  await rm(workspace, { recursive: true, force: true });
}
