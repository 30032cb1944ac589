import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { escapeControl } from '../report/escape-control.js';
import { formatReport } from '../report/format-report.js';
import type { Engine, RunRecord } from '../engine/engine.js';
import type { RecordFailure } from '../engine/stores/stores.js';
import type { Bundle } from '../compile/compile-bundle.js';
import { openProjectEngine } from './project-engine.js';

export const runCommand: Command = {
  summary: "run one flow once from the working tree on the project's engine (the local one, or weft.yaml's spec.engine.url); the run is recorded",
  usage: 'run <flow> [dir] [--env name] [--input records.json] [--format pretty|json] [--record tests/fixtures/<name>/]',
  examples: ['weft run orders-to-netsuite --input records.json'],
  options: { ...environmentOption, input: { type: 'string' }, format: { type: 'string', short: 'f' }, record: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [flowName, ...rest] = positionals;
    if (!flowName) throw new UsageError('name the flow to run: weft run <flow> [dir]');
    const format = parseFormat(values.format);
    const records = values.input === undefined ? undefined : await readRecords(path.resolve(io.cwd, String(values.input)));
    const result = await compileProject(projectDirectory(rest, io), { env: io.env, environment: requestedEnvironment(values) });
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
    // The project's engine: the local one, or the remote one weft.yaml names (placeholders
    // resolve there, from its secret store and environment).
    const engine = await openProjectEngine(result.project.root, io, {
      project: result.project.resources.find((resource) => resource.kind === 'Project'),
      environment: result.environment?.name ?? null,
    });
    try {
      const recording = values.record === undefined ? undefined : await startRecording(engine, String(values.record), io);
      const run = await engine.runFlow({ flow: flowName, bundle, trigger: 'manual (weft run)', records });
      io.stdout.write(format === 'json' ? JSON.stringify(run, null, 2) + '\n' : formatRun(run, true));
      if (recording) {
        const file = path.join(recording.directory, 'test.yaml');
        const name = testName(path.basename(recording.directory));
        const command = `weft run ${flowName} --record ${String(values.record)}`;
        await mkdir(recording.directory, { recursive: true });
        await writeFile(file, recording.recorder.testDocument({ name, flow: flowName, run, ...(records && { records }), command }));
        io.stderr.write(`weft run: recorded ${recording.recorder.size} request${recording.recorder.size === 1 ? '' : 's'} as test '${name}' in ${escapeControl(path.relative(io.cwd, file) || file)}\n`);
      }
      return run.status === 'succeeded' ? 0 : 1;
    } finally {
      await engine.close();
    }
  },
};

/**
 * Makes the run record its requests and answers (`--record`): only on the embedded engine, whose
 * calls are made in this process; a remote engine makes its own.
 */
async function startRecording(engine: Engine, directory: string, io: Parameters<Command['run']>[1]) {
  const { LocalEngine } = await import('../engine/local-engine.js');
  if (!(engine instanceof LocalEngine)) throw new CommandError('--record needs the embedded engine: a remote engine makes the calls of its runs, so this process cannot see them');
  const { RunRecorder } = await import('../testing/record-run.js');
  const recorder = new RunRecorder();
  engine.runService({ observe: recorder.observe });
  return { recorder, directory: path.resolve(io.cwd, directory) };
}

/** A test's name from a folder's: lower case, words joined by dashes. */
function testName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const valid = name === '' ? 'recorded' : /^[a-z]/.test(name) ? name : `recorded-${name}`;
  return valid.slice(0, 63).replace(/-+$/, '');
}

export const runsCommand: Command = {
  summary: "the project engine's recent runs (per-step records in/out/failed); runs show <id> with its failed records; runs retry <id>; runs resume <id> for an interrupted one",
  usage: 'runs [dir] [flow] [--env name] [--format pretty|json] | runs [dir] show <id> | runs [dir] retry <id> | runs [dir] resume <id>',
  examples: ['weft runs', 'weft runs . show <run id>', 'weft runs retry <run id>'],
  options: { ...environmentOption, dir: { type: 'string' }, format: { type: 'string', short: 'f' } },
  async run({ values, positionals: given }, io) {
    const format = parseFormat(values.format);
    // The project's directory first, like every other command (or --dir): a path, or a folder
    // holding a weft.yaml; a flow's name is neither.
    const [first, ...others] = given;
    const directoryGiven = values.dir === undefined && first !== undefined && (await isProjectDirectory(path.resolve(io.cwd, first), first));
    const positionals = directoryGiven ? others : given;
    const root = path.resolve(io.cwd, String(directoryGiven ? first : (values.dir ?? '.')));
    const { findProjectFile } = await import('../pipeline/load-project.js');
    await findProjectFile(root);
    const environment = requestedEnvironment(values);
    const engine = await openProjectEngine(root, io, { environment });
    try {
      const [action, id] = positionals;
      if (action === 'retry' || action === 'resume') {
        if (!id || positionals.length > 2) throw new UsageError(`weft runs ${action} <id>`);
        const bundle = await workingTree(root, environment, io, action === 'retry');
        const run = action === 'retry' ? await engine.retryRun(id, bundle!) : await engine.resumeRun(id, bundle);
        io.stdout.write(format === 'json' ? JSON.stringify(run, null, 2) + '\n' : formatRun(run, true));
        return run.status === 'succeeded' ? 0 : 1;
      }
      if (action === 'show') {
        if (!id || positionals.length > 2) throw new UsageError('weft runs show <id>');
        const run = await engine.run(id);
        if (!run) throw new CommandError(`there is no run '${id}'; see weft runs`);
        io.stdout.write(format === 'json' ? JSON.stringify(run, null, 2) + '\n' : formatRun(run, true));
        return 0;
      }
      if (positionals.length > 1) throw new UsageError(`expected at most one flow name, got ${positionals.join(' ')}`);
      const [runs, paused] = await Promise.all([engine.runs(positionals[0]), engine.paused()]);
      const pausedHere = paused.filter((entry) => positionals[0] === undefined || entry.flow === positionals[0]);
      if (format === 'json') io.stdout.write(JSON.stringify({ runs, paused: pausedHere }, null, 2) + '\n');
      else {
        // An operator's switch beside the YAML: said first, so a quiet flow is not a mystery.
        for (const entry of pausedHere) io.stdout.write(`${entry.flow}: triggers paused by ${entry.by} at ${entry.at} (resume them in the dashboard)\n`);
        io.stdout.write(runs.length === 0 ? 'No runs yet.\n' : runs.map((run) => formatRun(run, false)).join(''));
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};

/**
 * The working tree's bundle: what a retry re-sends with, and what a resumed run of a working
 * tree goes on with. A project with errors retries nothing; a resume of an applied revision's
 * run does not need it.
 */
async function workingTree(root: string, environment: string | undefined, io: Parameters<Command['run']>[1], required: boolean): Promise<Bundle | undefined> {
  const result = await compileProject(root, { env: io.env, environment });
  if (result.bundle) return result.bundle;
  if (!required) return undefined;
  io.stderr.write(formatReport('pretty', result.diagnostics, reportContext(result.project.root, io, result.project.sources, io.stderr)));
  throw new CommandError('the project has errors; nothing retried');
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

/**
 * A run for the terminal. Its errors quote what remote APIs answered and its names come from a
 * store: control characters in them are shown escaped, never written raw (an ESC or OSC sequence
 * in an API's answer would recolour, retitle or rewrite the user's terminal).
 */
function formatRun(run: RunRecord, detailed: boolean): string {
  // A run under way or interrupted has no end yet, so no duration.
  const duration = run.finishedAt ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(2)} s` : '-';
  // A run taken up more than once (resumed after its process went away) says how many times.
  const attempts = run.attempts !== undefined && run.attempts > 1 ? `  attempt ${run.attempts}` : '';
  const head = escapeControl(`${run.id}  ${run.flow}  ${run.status}  ${duration}  ${run.revision === null ? `bundle ${run.bundleSha256.slice(0, 12)}` : `revision ${run.revision}`}  (${run.trigger})${attempts}`) + '\n';
  if (!detailed) return head;
  const lines = [head];
  // Nested steps have long paths (by-market/domestic/uk-subsidiary): the column fits the longest.
  const width = Math.max(24, ...run.steps.map((step) => escapeControl(step.id).length));
  for (const step of run.steps) lines.push(`  ${escapeControl(step.id).padEnd(width)} ${escapeControl(step.kind).padEnd(8)} in ${String(step.in).padStart(7)}  out ${String(step.out).padStart(7)}  failed ${step.failed}\n`);
  if (run.error) lines.push(`error: ${oneLine(run.error)}\n`);
  const failures = run.failures ?? [];
  if (failures.length > 0) {
    lines.push(`${failures.length} record${failures.length === 1 ? '' : 's'} failed:\n`);
    // Records that failed one step the same way are one entry (×n), with the first few records.
    const groups = new Map<string, RecordFailure[]>();
    for (const failure of failures) groups.set(`${failure.step}\u0000${failure.error}`, [...(groups.get(`${failure.step}\u0000${failure.error}`) ?? []), failure]);
    const shown = [...groups.values()].slice(0, 20);
    for (const group of shown) {
      const [first] = group as [RecordFailure];
      const indices = group.length === 1 ? `#${first.index}` : `×${group.length} (${group.slice(0, 5).map((failure) => `#${failure.index}`).join(', ')}${group.length > 5 ? ', …' : ''})`;
      lines.push(`  ${escapeControl(first.step)} ${indices}: ${oneLine(first.error)}\n`);
      for (const failure of group.slice(0, 3)) lines.push(`    record${group.length === 1 ? '' : ` #${failure.index}`}: ${recordLine(failure.record)}\n`);
      if (group.length > 3) lines.push(`    … and ${group.length - 3} more records\n`);
    }
    if (groups.size > shown.length) lines.push(`  … and ${groups.size - shown.length} more kinds of failure (weft runs show ${run.id} --format json)\n`);
  }
  return lines.join('');
}

/** Whether an argument of weft runs names the project's directory: a path, or a folder with a weft.yaml in it. */
async function isProjectDirectory(resolved: string, argument: string): Promise<boolean> {
  const isDirectory = (target: string) => stat(target).then((stats) => stats.isDirectory(), () => false);
  const isFile = (target: string) => stat(target).then((stats) => stats.isFile(), () => false);
  if (/[\\/]|^\.\.?$/.test(argument)) return true;
  return (await isDirectory(resolved)) && ((await isFile(path.join(resolved, 'weft.yaml'))) || (await isFile(path.join(resolved, 'weft.yml'))));
}

/** A failed record (stored redacted) as compact JSON on one line, cut at 300 characters. */
function recordLine(record: unknown): string {
  const text = oneLine(JSON.stringify(record) ?? 'null');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Stored or remote text on one line of its own: control characters and line breaks escaped. */
function oneLine(text: string): string {
  return escapeControl(text).replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t');
}
