import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command, CliIo } from './cli.js';
import { UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment, useColor } from './options.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ValidationResult } from '../pipeline/validate-project.js';
import { formatReport } from '../report/format-report.js';
import { projectFileCache } from '../cache/file-cache.js';

const watchFormats = ['pretty', 'json'] as const;

/** Quiet time after the last change before a cycle runs: one cycle per burst of saves. */
const debounceMs = 5;

export const watchCommand: Command = {
  summary: 'validate on every save, incrementally; pretty redraws or one JSON object per cycle; --apply applies error-free cycles to the local engine (--run <flow> then runs it)',
  usage: 'watch [dir] [--env name] [--format pretty|json] [--apply [--run <flow>]] [--no-cache]',
  examples: ['weft watch --apply --run orders-to-netsuite'],
  options: { ...environmentOption, format: { type: 'string', short: 'f' }, apply: { type: 'boolean' }, run: { type: 'string' }, 'no-cache': { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'pretty') as (typeof watchFormats)[number];
    if (!watchFormats.includes(format)) throw new UsageError(`--format must be one of ${watchFormats.join(', ')}, not '${String(values.format)}'`);
    const root = projectDirectory(positionals, io);
    const [{ IncrementalProject, packageFiles }, { findProjectFile }, { watch }, { TreeWatcher }] = await Promise.all([
      import('../watch/incremental-project.js'),
      import('../pipeline/load-project.js'),
      import('chokidar'),
      import('../watch/tree-watcher.js'),
    ]);
    const projectFile = await findProjectFile(root); // not a project: a usage error, before anything is watched
    const environment = requestedEnvironment(values);
    await checkEnvironment(root, projectFile, environment); // likewise an environment weft.yaml does not declare
    // The first cycle starts from what `weft validate` (or the last watch) left in .weft/cache/.
    const project = new IncrementalProject(root, io.env, environment, projectFileCache(root, io.env, { noCache: values['no-cache'] === true }));
    if (values.run !== undefined && !values.apply) throw new UsageError('--run <flow> re-runs a flow after each apply: use it with --apply');
    const apply = values.apply ? await applier(root, io, values.run === undefined ? undefined : String(values.run)) : undefined;
    const printer = new CyclePrinter(io, format, root);

    // Ctrl-C (or SIGTERM) at any point, even during the first cycle: stop watching, exit 0. A
    // reader that went away (`weft watch --format json | head -1`: EPIPE at the next line) too.
    let stopped!: () => void;
    let stopRequested = false;
    const stopping = new Promise<void>((resolve) => (stopped = resolve));
    const output = io.stdout as Partial<NodeJS.WritableStream>;
    const stop = () => {
      stopRequested = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      output.off?.('error', readerGone);
      stopped();
    };
    const readerGone = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') stop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    output.on?.('error', readerGone);

    let pending = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let firstChangeAt = 0;
    let cycle = 0;

    // A file saved again while a cycle reads it (a formatter saving after the editor) may have
    // been read half-way: what a cycle read is looked at again shortly after, and read again if
    // it moved on.
    const seen = new Map<string, string>();
    let recheck: NodeJS.Timeout | undefined;
    const signature = (relative: string) =>
      stat(path.join(root, relative)).then(
        (stats) => `${stats.mtimeMs}:${stats.size}:${stats.ino}`,
        () => 'gone',
      );
    const recheckLater = () => {
      if (recheck) clearTimeout(recheck);
      recheck = setTimeout(async () => {
        recheck = undefined;
        const entries = [...seen];
        seen.clear();
        for (const [relative, before] of entries) {
          if ((await signature(relative)) !== before) {
            if (firstChangeAt === 0) firstChangeAt = performance.now();
            pending.add(relative);
          }
        }
        if (pending.size > 0) schedule();
      }, 80);
    };

    let reading = new Set<string>(); // what the running cycle reads
    let applying: Promise<Applied> | undefined; // an apply to the engine in progress
    const runCycle = async (changed: string[], startedAt: number) => {
      cycle++;
      reading = new Set(changed);
      try {
        // Signatures before reading: a write after this point is caught by the recheck.
        const signatures = await Promise.all(changed.map(signature));
        changed.forEach((relative, index) => seen.set(relative, signatures[index]!));
        if (changed.length > 0) recheckLater();
        if (cycle === 1) await project.rediscover();
        else await project.update(changed);
        // Stopping abandons the cycle at the next step, not after it.
        if (stopRequested) return;
        const result = await project.validateYielding(() => stopRequested);
        if (result === undefined || stopRequested) return;
        // The first cycle's work, kept for the next start (weft validate's too) before its line:
        // once the line is out, weft watch writes nothing into the project until the next change.
        await project.handBackYielding(() => stopRequested);
        if (stopRequested) return;
        applying = apply && result.errorCount === 0 ? apply(result) : undefined;
        const applied = await applying;
        applying = undefined;
        if (stopRequested) return;
        printer.print({ cycle, changed, result, applied, ms: performance.now() - startedAt });
      } catch (error) {
        if (stopRequested) return;
        // weft.yaml removed or unreadable: say so, keep watching.
        printer.problem(cycle, (error as Error).message, performance.now() - startedAt);
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      if (stopRequested) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (running) return schedule(); // the next cycle starts when this one ends
        const changed = [...pending];
        pending = new Set();
        const startedAt = firstChangeAt;
        firstChangeAt = 0;
        running = runCycle(changed, startedAt).finally(() => {
          running = undefined;
          if (pending.size > 0) schedule();
        });
      }, debounceMs);
    };

    const changedPath = (file: string) => {
      const relative = project.relative(file);
      // A CSV file no lookup reads is no change to the project.
      if (relative === undefined || !project.concerns(relative)) return;
      if (firstChangeAt === 0) firstChangeAt = performance.now();
      pending.add(relative);
      schedule();
    };
    // A file written into a new folder before the folder is watched (mkdir, then write at once)
    // gets no event of its own: the folder's YAML (and CSV) files are looked at when it appears, and twice
    // more shortly after (a file can land between that look and the folder being watched).
    // The later looks only add files no cycle has read yet.
    const lookInto = (directory: string, onlyUnknown: boolean) =>
      void readdir(directory, { recursive: true }).then(
        (names) => {
          for (const name of names) {
            if (!/\.ya?ml$/.test(name) && !/\.csv$/i.test(name)) continue;
            const file = path.join(directory, name);
            const relative = project.relative(file);
            if (onlyUnknown && (relative === undefined || project.has(relative) || pending.has(relative) || reading.has(relative))) continue;
            changedPath(file);
          }
        },
        () => {},
      );
    const later = new Set<NodeJS.Timeout>();
    const folderAdded = (directory: string) => {
      if (project.relative(directory) === undefined) return;
      lookInto(directory, false);
      for (const ms of [150, 600]) {
        const handle = setTimeout(() => {
          later.delete(handle);
          lookInto(directory, true);
        }, ms);
        later.add(handle);
      }
    };
    // Events as they happen: a cycle reads each changed path as it is then, so an editor's
    // write-and-rename or a move (unlink + add) settles within one debounced cycle anyway.
    // Never .weft/, .git/ or any dot-folder, nor node_modules; of files, YAML ones and the CSV files lookups read.
    const watcher = new TreeWatcher(root, {
      changed: changedPath,
      folderAdded,
      error: (error) => printer.problem(cycle, `watching failed: ${error.message}`, 0),
    });
    // Dependencies: package.json and npm's record of an install (node_modules itself is not watched).
    const dependencies = watch(
      packageFiles.map((file) => path.join(root, ...file.split('/'))),
      { ignoreInitial: true, atomic: false },
    );
    for (const event of ['add', 'change', 'unlink'] as const) dependencies.on(event, changedPath);
    dependencies.on('error', () => {});
    await Promise.race([watcher.ready, stopping]);
    // The first cycle is a running cycle like any other: a change during it waits for it.
    running = runCycle([], performance.now()).finally(() => {
      running = undefined;
      if (pending.size > 0) schedule();
    });
    await Promise.race([running, stopping]);

    // Until Ctrl-C (or SIGTERM): then stop watching and exit 0 within a second. A running cycle
    // is abandoned, not waited for (it stops at its next step); an apply in progress gets a
    // moment to commit (the engine's store is transactional either way). Closing the watcher is
    // not waited for long either: it can hang on a folder removed under it.
    await stopping;
    if (timer) clearTimeout(timer);
    if (recheck) clearTimeout(recheck);
    for (const handle of later) clearTimeout(handle);
    const grace = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    if (applying && values.run !== undefined) {
      // A --run flow cut off half-way would be resumed by the engine when it next starts, as
      // any interrupted run is: it is let finish, unless asked again.
      io.stderr.write('weft watch: stopping after the run of the flow ends (again to stop at once)\n');
      let forced!: () => void;
      const force = new Promise<void>((resolve) => (forced = resolve));
      process.once('SIGINT', forced);
      process.once('SIGTERM', forced);
      await Promise.race([applying.catch(() => undefined), force]);
      process.off('SIGINT', forced);
      process.off('SIGTERM', forced);
    }
    watcher.close();
    await Promise.race([Promise.all([dependencies.close(), applying?.catch(() => undefined)]), grace(applying ? 500 : 100)]);
    return 0;
  },
};

/** Refuses, before watching, an environment weft.yaml does not declare (or none when it must name one). */
async function checkEnvironment(root: string, projectFile: string, environment: string | undefined): Promise<void> {
  const [{ loadFile }, { selectEnvironment }] = await Promise.all([import('../pipeline/load-file.js'), import('../environments/select-environment.js')]);
  const project = (await loadFile(root, projectFile)).resources.find((resource) => resource.kind === 'Project');
  // A weft.yaml that does not read as a project is reported by the first cycle.
  if (project) selectEnvironment(project.value, environment);
}

/** What --apply did after an error-free cycle (and the run of --run's flow, if asked). */
interface Applied {
  summary: { add: number; change: number; destroy: number };
  revision?: number;
  error?: string;
  run?: { id: string; flow: string; status: string; steps: { id: string; in: number; out: number; failed: number }[]; error?: string };
}

/** Applies an error-free project to the local engine; the last good bundle stays applied otherwise. */
async function applier(root: string, io: CliIo, runFlowName: string | undefined): Promise<(result: ValidationResult) => Promise<Applied>> {
  const [{ compileBundle }, { computePlan }, { unresolvedPlaceholders }, { LocalEngine }] = await Promise.all([
    import('../compile/compile-bundle.js'),
    import('../plan/compute-plan.js'),
    import('../plan/unresolved-placeholders.js'),
    import('../engine/local-engine.js'),
  ]);
  const user = io.env.USER ?? 'weft watch';
  let warned = false;
  return async (result) => {
    const project = result.project.resources.find((resource) => resource.kind === 'Project');
    const bundle = compileBundle(project?.name ?? 'project', result.project.resources, result.context);
    if (result.environment?.engine) {
      return { summary: { add: 0, change: 0, destroy: 0 }, error: `environment '${result.environment.name}' runs on ${result.environment.engine.url}; watch applies only to a local engine, so nothing applied` };
    }
    const engine = LocalEngine.forProject(root, { env: io.env, environment: result.environment?.name });
    // Once per watch, not once per cycle.
    const warning = warned ? undefined : engine.permissionWarning();
    if (warning) io.stderr.write(`weft: ${warning}\n`);
    warned = true;
    try {
      const unresolved = await unresolvedPlaceholders(result.project.resources, (placeholders) => engine.resolves(placeholders));
      const plan = computePlan(bundle, await engine.readState());
      if (unresolved.length > 0) return { summary: plan.summary, error: `${unresolved.length} placeholder${unresolved.length === 1 ? '' : 's'} do not resolve in ${engine.description}; nothing applied` };
      // Where the applied bundle came from (asked of git only when there is something to apply).
      const source = plan.actions.length > 0 ? await (await import('../diff/git-base.js')).workingTreeSource(root) : undefined;
      const revision = await engine.apply(plan, bundle, user, { source });
      const applied: Applied = { summary: plan.summary, revision: revision?.number };
      if (runFlowName !== undefined) {
        if (!bundle.resources.some((resource) => resource.kind === 'Flow' && resource.name === runFlowName)) {
          applied.run = { id: '', flow: runFlowName, status: 'failed', steps: [], error: `the project has no flow '${runFlowName}'` };
          return applied;
        }
        // The applied bundle, run once, as the engine would on a manual trigger; recorded.
        const state = await engine.readState();
        const run = await engine.runService().run({ bundle, revision: state.revision, flow: runFlowName, trigger: 'weft watch --run' });
        applied.run = { id: run.id, flow: runFlowName, status: run.status, steps: run.steps.map(({ id: step, in: input, out, failed }) => ({ id: step, in: input, out, failed })), ...(run.error !== undefined && { error: run.error }) };
      }
      return applied;
    } catch (error) {
      return { summary: { add: 0, change: 0, destroy: 0 }, error: (error as Error).message };
    } finally {
      await engine.close();
    }
  };
}

/** One line about the flow run after an apply: its status and the records each step moved. */
function runLine(run: Applied['run']): string {
  if (!run) return '';
  const steps = run.steps.map((step) => `${step.id} ${step.out}${step.failed ? ` (${step.failed} failed)` : ''}`).join(' → ');
  return `run: ${run.flow} ${run.status}${steps ? `: ${steps}` : ''}${run.error ? ` — ${run.error}` : ''}\n`;
}

/** A diagnostic's identity across cycles, for what was fixed and what is new. */
function identity(diagnostic: Diagnostic): string {
  return `${diagnostic.file}\u0000${diagnostic.line}\u0000${diagnostic.column}\u0000${diagnostic.code}\u0000${diagnostic.message}`;
}

class CyclePrinter {
  private previous = new Map<string, Diagnostic>();

  constructor(
    private readonly io: CliIo,
    private readonly format: 'pretty' | 'json',
    private readonly root: string,
  ) {}

  print(cycle: { cycle: number; changed: string[]; result: ValidationResult; applied?: Applied; ms: number }): void {
    const { result } = cycle;
    const current = new Map(result.diagnostics.map((diagnostic) => [identity(diagnostic), diagnostic]));
    const fixed = [...this.previous].filter(([key]) => !current.has(key)).map(([, diagnostic]) => diagnostic);
    const added = cycle.cycle === 1 ? [] : [...current].filter(([key]) => !this.previous.has(key)).map(([, diagnostic]) => diagnostic);
    this.previous = current;
    const ms = Math.round(cycle.ms * 10) / 10;
    if (this.format === 'json') {
      const line = {
        cycle: cycle.cycle,
        ms,
        changed: cycle.changed,
        ok: result.errorCount === 0,
        errorCount: result.errorCount,
        warningCount: result.warningCount,
        diagnostics: result.diagnostics,
        fixed,
        new: added,
        ...(result.suppressed.length > 0 && { suppressedCount: result.suppressed.length }),
        ...(cycle.applied && { applied: cycle.applied }),
      };
      this.io.stdout.write(JSON.stringify(line) + '\n');
      return;
    }
    {
      const context = { ...reportContext(this.root, this.io, result.project.sources, this.io.stdout), suppressed: result.suppressed };
      const clear = this.io.stdout.isTTY ? '\u001b[2J\u001b[3J\u001b[H' : '';
      const changes = cycle.cycle === 1 ? '' : `${fixed.length} fixed, ${added.length} new since the last cycle. `;
      const applied = cycle.applied
        ? cycle.applied.error
          ? `\napply: ${cycle.applied.error}\n`
          : `\napply: ${cycle.applied.summary.add} added, ${cycle.applied.summary.change} changed, ${cycle.applied.summary.destroy} destroyed${cycle.applied.revision ? ` (revision ${cycle.applied.revision})` : ' (nothing to apply)'}\n${runLine(cycle.applied.run)}`
        : '';
      const paint = (text: string) => (useColor(this.io, this.io.stdout) ? `\u001b[2m${text}\u001b[0m` : text);
      this.io.stdout.write(
        `${clear}${formatReport('pretty', result.diagnostics, context, { files: result.project.files.length, resources: result.project.resources.length })}${applied}${paint(
          `\n${changes}Cycle ${cycle.cycle} in ${ms} ms. Watching ${path.relative(this.io.cwd, this.root) || '.'} (Ctrl-C to stop).`,
        )}\n`,
      );
    }
  }

  problem(cycle: number, message: string, ms: number): void {
    if (this.format === 'json') this.io.stdout.write(JSON.stringify({ cycle, ms: Math.round(ms * 10) / 10, ok: false, problem: message }) + '\n');
    else this.io.stdout.write(`weft watch: ${message}; waiting for changes\n`);
  }
}
