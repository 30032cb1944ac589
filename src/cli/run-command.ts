import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { projectDirectory, reportContext } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { formatReport } from '../report/format-report.js';
import type { RunRecord } from '../engine/local-engine.js';

export const runCommand: Command = {
  summary: 'run one flow once on the local engine, from the working tree (the development loop); the run is recorded',
  usage: 'run <flow> [dir] [--input records.json] [--format pretty|json]',
  options: { input: { type: 'string' }, format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const [flowName, ...rest] = positionals;
    if (!flowName) throw new UsageError('name the flow to run: weft run <flow> [dir]');
    const format = parseFormat(values.format);
    const records = values.input === undefined ? undefined : await readRecords(path.resolve(io.cwd, String(values.input)));
    const result = await compileProject(projectDirectory(rest, io), { env: io.env });
    if (!result.bundle) {
      io.stderr.write(formatReport('pretty', result.diagnostics, reportContext(result.project.root, io, result.project.sources, io.stderr)));
      io.stderr.write('weft run: the project has errors; nothing run\n');
      return 1;
    }
    const bundle = result.bundle;
    if (!bundle.resources.some((resource) => resource.kind === 'Flow' && resource.name === flowName)) {
      const { didYouMean } = await import('../diagnostics/suggest.js');
      const hint = didYouMean(flowName, bundle.resources.filter((resource) => resource.kind === 'Flow').map((resource) => resource.name));
      throw new CommandError(`the project has no flow '${flowName}'${hint ? `; ${hint}` : ''}`);
    }
    const [{ LocalEngine }, { runFlow, newRunId, runRecord }] = await Promise.all([import('../engine/local-engine.js'), import('../runtime/run-flow.js')]);
    const engine = LocalEngine.forProject(result.project.root, { env: io.env });
    try {
      const started = new Date();
      const id = newRunId(started);
      // Placeholders resolve where the engine runs: its secret store, its environment.
      const outcome = await runFlow(flowName, {
        bundle,
        resolve: (placeholder) => engine.placeholderValue(placeholder, io.env),
        run: { id, startedAt: started.toISOString(), lastSuccessAt: engine.lastSuccessAt(flowName) },
        records,
      });
      const run = runRecord({ id, flow: flowName, revision: null, bundleSha256: bundle.sha256, trigger: 'manual (weft run)', started, outcome });
      engine.recordRun(run);
      io.stdout.write(format === 'json' ? JSON.stringify(run, null, 2) + '\n' : formatRun(run, true));
      return outcome.status === 'succeeded' ? 0 : 1;
    } finally {
      engine.close();
    }
  },
};

export const runsCommand: Command = {
  summary: "the local engine's recent runs (per-step records in/out/failed); runs show <id> for one with its failed records",
  usage: 'runs [flow] [--dir dir] [--format pretty|json] | runs show <id> | runs retry <id>',
  options: { dir: { type: 'string' }, format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const root = path.resolve(io.cwd, String(values.dir ?? '.'));
    const [{ LocalEngine }, { findProjectFile }] = await Promise.all([import('../engine/local-engine.js'), import('../pipeline/load-project.js')]);
    await findProjectFile(root);
    const engine = LocalEngine.forProject(root, { env: io.env });
    try {
      if (positionals[0] === 'retry') {
        const id = positionals[1];
        if (!id || positionals.length > 2) throw new UsageError('weft runs retry <id>');
        return await retryRun(engine, id, root, format, io);
      }
      if (positionals[0] === 'show') {
        const id = positionals[1];
        if (!id || positionals.length > 2) throw new UsageError('weft runs show <id>');
        const run = engine.run(id);
        if (!run) throw new CommandError(`there is no run '${id}'; see weft runs`);
        io.stdout.write(format === 'json' ? JSON.stringify(run, null, 2) + '\n' : formatRun(run, true));
        return 0;
      }
      if (positionals.length > 1) throw new UsageError(`expected at most one flow name, got ${positionals.join(' ')}`);
      const runs = engine.runs(positionals[0]);
      if (format === 'json') io.stdout.write(JSON.stringify({ runs }, null, 2) + '\n');
      else if (runs.length === 0) io.stdout.write('No runs yet.\n');
      else io.stdout.write(runs.map((run) => formatRun(run, false)).join(''));
      return 0;
    } finally {
      engine.close();
    }
  },
};

/**
 * Re-sends the records a run failed, each from the step where it failed onwards, with the
 * working tree's flow: a new run, recorded as a retry of the old one.
 */
async function retryRun(engine: import('../engine/local-engine.js').LocalEngine, id: string, root: string, format: 'pretty' | 'json', io: Parameters<Command['run']>[1]): Promise<number> {
  const previous = engine.run(id);
  if (!previous) throw new CommandError(`there is no run '${id}'; see weft runs`);
  const failures = previous.failures ?? [];
  if (failures.length === 0) throw new CommandError(`run ${id} has no failed records to retry`);
  const result = await compileProject(root, { env: io.env });
  if (!result.bundle) {
    io.stderr.write(formatReport('pretty', result.diagnostics, reportContext(result.project.root, io, result.project.sources, io.stderr)));
    io.stderr.write('weft runs retry: the project has errors; nothing retried\n');
    return 1;
  }
  const { runFlow, newRunId } = await import('../runtime/run-flow.js');
  const started = new Date();
  const retry: RunRecord = {
    id: newRunId(started),
    flow: previous.flow,
    revision: null,
    bundleSha256: result.bundle.sha256,
    trigger: `retry of ${id}`,
    status: 'succeeded',
    startedAt: started.toISOString(),
    finishedAt: '',
    steps: [],
    failures: [],
  };
  // One pass per step that had failures: its records start there.
  for (const step of [...new Set(failures.map((failure) => failure.step))]) {
    const outcome = await runFlow(previous.flow, {
      bundle: result.bundle,
      resolve: (placeholder) => engine.placeholderValue(placeholder, io.env),
      run: { id: retry.id, startedAt: retry.startedAt, lastSuccessAt: engine.lastSuccessAt(previous.flow) },
      records: failures.filter((failure) => failure.step === step).map((failure) => failure.record),
      startAt: step,
    });
    retry.steps.push(...outcome.steps.filter((stats) => stats.in > 0));
    retry.failures!.push(...outcome.failures);
    if (outcome.error) retry.error = outcome.error;
    if (outcome.status === 'failed' || (outcome.status === 'partial' && retry.status !== 'failed')) retry.status = outcome.status;
  }
  retry.finishedAt = new Date().toISOString();
  engine.recordRun(retry);
  io.stdout.write(format === 'json' ? JSON.stringify(retry, null, 2) + '\n' : formatRun(retry, true));
  return retry.status === 'succeeded' ? 0 : 1;
}

function parseFormat(value: unknown): 'pretty' | 'json' {
  if (value === undefined || value === 'pretty' || value === 'json') return (value ?? 'pretty') as 'pretty' | 'json';
  throw new UsageError(`--format must be pretty or json, not '${String(value)}'`);
}

/** Records for a flow that does not start with a receive: a JSON array, or one object. */
async function readRecords(file: string): Promise<unknown[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CommandError(`--input ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`}`);
  }
  return Array.isArray(value) ? value : [value];
}

function formatRun(run: RunRecord, detailed: boolean): string {
  const seconds = ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(2);
  const head = `${run.id}  ${run.flow}  ${run.status}  ${seconds} s  ${run.revision === null ? `bundle ${run.bundleSha256.slice(0, 12)}` : `revision ${run.revision}`}  (${run.trigger})\n`;
  if (!detailed) return head;
  const lines = [head];
  for (const step of run.steps) lines.push(`  ${step.id.padEnd(24)} ${step.kind.padEnd(8)} in ${String(step.in).padStart(7)}  out ${String(step.out).padStart(7)}  failed ${step.failed}\n`);
  if (run.error) lines.push(`error: ${run.error}\n`);
  const failures = run.failures ?? [];
  if (failures.length > 0) {
    lines.push(`${failures.length} record${failures.length === 1 ? '' : 's'} failed:\n`);
    for (const failure of failures.slice(0, 20)) lines.push(`  ${failure.step} #${failure.index}: ${failure.error}\n`);
    if (failures.length > 20) lines.push(`  … and ${failures.length - 20} more (weft runs show ${run.id} --format json)\n`);
  }
  return lines.join('');
}

