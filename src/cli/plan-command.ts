import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeOutput } from './write-output.js';
import type { Command, CliIo } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment, testApplyDelay, useColor } from './options.js';
import { compileProject } from '../pipeline/compile-project.js';
import { projectFileCache } from '../cache/file-cache.js';
import type { RuleMemo } from '../check/context.js';
import { formatReport } from '../report/format-report.js';
import type { Plan } from '../plan/plan.js';
import type { Bundle } from '../compile/compile-bundle.js';
import type { Engine, RevisionSource } from '../engine/engine.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SuppressedDiagnostic } from '../diagnostics/suppressions.js';
import { openProjectEngine } from './project-engine.js';
import { escapeControl } from '../report/escape-control.js';

const planFormats = ['pretty', 'json', 'markdown'] as const;

/** A plan ready to apply: the bundle it applies and the engine it targets. */
interface Planned {
  plan: Plan;
  bundle: Bundle;
  engine: Engine;
  /** The project's environment it was planned for, if the project declares environments. */
  environment?: string;
  /** What was found on the way (warnings, when there is a plan); none for a saved plan or a rollback. */
  diagnostics?: readonly Diagnostic[];
  /** What `# weft-ignore` comments suppressed: counted, as `weft validate` counts them. */
  suppressed?: readonly SuppressedDiagnostic[];
  /** The git working tree the bundle was compiled from (recorded with the revision). */
  source?: RevisionSource;
  /**
   * A project's apply (not a saved plan): when another apply moved the state on while this one
   * waited for the lock, it plans again against the new state and applies that.
   */
  replan?: boolean;
}

/** Why nothing was planned, with the diagnostics that say where. */
interface Refusal {
  refused: string;
  diagnostics: Diagnostic[];
  suppressed: readonly SuppressedDiagnostic[];
  root: string;
  sources: ReadonlyMap<string, string>;
}

/** Compiles the project and plans it against its engine: the plan, or why there is none. */
async function planProject(positionals: string[], values: Record<string, string | boolean | undefined>, io: CliIo): Promise<Refusal | (Planned & { root: string })> {
  const directory = projectDirectory(positionals, io);
  // Where the bundle comes from, asked of git while the project compiles.
  const source = import('../diff/git-base.js').then(({ workingTreeSource }) => workingTreeSource(directory));
  // Files parsed and checked before (by validate, or the last plan) come from .weft/cache/.
  const fileCache = projectFileCache(directory, io.env, { noCache: values['no-cache'] === true });
  const memo: RuleMemo = new WeakMap();
  const result = await compileProject(directory, { env: io.env, environment: requestedEnvironment(values), ...(fileCache && { fileCache, memo }) });
  if (result.project.root === directory) fileCache?.save(memo);
  const { root, sources } = result.project;
  const { suppressed } = result;
  if (!result.bundle) return { refused: 'the project has errors', diagnostics: result.diagnostics, suppressed, root, sources };
  const project = result.project.resources.find((resource) => resource.kind === 'Project');
  const environment = result.environment?.name;
  const engine = await openProjectEngine(root, io, { lockTimeoutMs: parseDuration(values['lock-timeout']), testDelayMs: testApplyDelay(io.env), project, environment: environment ?? null });
  try {
    // Every placeholder must resolve in the target engine: its environment, its secret store.
    const [{ unresolvedPlaceholders }, { computePlan }] = await Promise.all([import('../plan/unresolved-placeholders.js'), import('../plan/compute-plan.js')]);
    const unresolved = await unresolvedPlaceholders(result.project.resources, (placeholders) => engine.resolves(placeholders));
    if (unresolved.length > 0) {
      const [{ locateFindings }, { sortDiagnostics }] = await Promise.all([import('../pipeline/locate-findings.js'), import('../diagnostics/sort.js')]);
      await engine.close();
      const diagnostics = sortDiagnostics([...result.diagnostics, ...locateFindings(unresolved, sources)]);
      return { refused: `placeholders do not resolve in ${engine.description}`, diagnostics, suppressed, root, sources };
    }
    return { plan: computePlan(result.bundle, await engine.readState()), bundle: result.bundle, root, engine, environment, diagnostics: result.diagnostics, suppressed, replan: true, source: await source };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/**
 * Reports why nothing was planned, in the command's format: pretty diagnostics on stderr; or
 * one document on stdout (JSON a CI job parses, markdown for a pull-request comment) and a
 * one-line reason on stderr.
 */
async function reportRefusal(refusal: Refusal, format: PlanFormat, command: string, io: CliIo): Promise<number> {
  const reason = `weft: ${refusal.refused}; nothing planned\n`;
  if (format === 'pretty') {
    io.stderr.write(formatReport('pretty', refusal.diagnostics, { ...reportContext(refusal.root, io, refusal.sources, io.stderr), suppressed: refusal.suppressed }));
  } else if (format === 'json') {
    io.stdout.write((await import('../plan/render/format-plan-json.js')).formatPlanJson(undefined, refusal.diagnostics, { suppressed: refusal.suppressed }));
  } else {
    const { formatMarkdown } = await import('../report/format-markdown.js');
    const context = reportContext(refusal.root, io, refusal.sources, io.stdout);
    io.stdout.write(formatMarkdown(refusal.diagnostics, context, { title: `weft ${command}: nothing planned`, note: `Nothing was planned: ${refusal.refused}.`, rerun: `weft ${command}` }));
  }
  io.stderr.write(reason);
  return 1;
}

async function render({ plan, diagnostics, suppressed }: Pick<Planned, 'plan' | 'diagnostics' | 'suppressed'>, format: string, io: CliIo): Promise<string> {
  if (format === 'json') return (await import('../plan/render/format-plan-json.js')).formatPlanJson(plan, diagnostics, { suppressed });
  if (format === 'markdown') return (await import('../plan/render/format-plan-markdown.js')).formatPlanMarkdown(plan, undefined, diagnostics);
  return (await import('../plan/render/format-plan-pretty.js')).formatPlanPretty(plan, { color: useColor(io, io.stdout) });
}

type PlanFormat = (typeof planFormats)[number];

function parseFormat(value: unknown): PlanFormat {
  const format = (value ?? 'pretty') as PlanFormat;
  if (!planFormats.includes(format)) throw new UsageError(`--format must be one of ${planFormats.join(', ')}, not '${String(value)}'`);
  return format;
}

/** '30s', '2m', '500ms' or a number of seconds. */
function parseDuration(value: unknown): number {
  if (value === undefined) return 0;
  const match = /^(\d+)(ms|s|m)?$/.exec(String(value));
  if (!match) throw new UsageError(`--lock-timeout must be a duration such as 30s, 2m or 500ms, not '${String(value)}'`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm'];
}

export const planCommand: Command = {
  summary: 'show what apply would change in the engine (create, update, delete, field by field)',
  usage: 'plan [dir] [--env name] [--format pretty|json|markdown] [--out plan.json] [--detailed-exitcode] [--no-cache]',
  examples: ['weft plan --env production --out plan.json'],
  options: { ...environmentOption, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, 'detailed-exitcode': { type: 'boolean' }, 'no-cache': { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const planned = await planProject(positionals, values, io);
    if ('refused' in planned) return reportRefusal(planned, format, 'plan', io);
    await planned.engine.close();
    io.stdout.write(await render(planned, format, io));
    if (values.out !== undefined) {
      // A saved plan: bound to the engine's state revision and the bundle, which it carries.
      const saved: SavedPlan = {
        ...planned.plan,
        projectRoot: planned.root,
        engine: planned.engine.description,
        ...(planned.environment ? { environment: planned.environment } : {}),
        ...(planned.source ? { source: planned.source } : {}),
        bundle: planned.bundle,
      };
      await writeOutput(path.resolve(io.cwd, String(values.out)), JSON.stringify(saved, null, 2) + '\n');
    }
    return values['detailed-exitcode'] && planned.plan.actions.length > 0 ? 2 : 0;
  },
};

/** The options of every command that applies: apply and rollback. */
const applyOptions: Command['options'] = { ...environmentOption, format: { type: 'string', short: 'f' }, 'lock-timeout': { type: 'string' }, 'allow-mass-delete': { type: 'boolean' } };

export const applyCommand: Command = {
  summary: 'apply the project to its engine in one transaction, recording a revision',
  usage: 'apply [dir | plan.json] [--env name] [--format pretty|json] [--lock-timeout 30s] [--allow-mass-delete] [--no-cache]',
  examples: ['weft apply plan.json', 'weft apply . --lock-timeout 30s'],
  options: { ...applyOptions, 'no-cache': { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const target = positionals.length === 1 ? path.resolve(io.cwd, positionals[0]!) : undefined;
    const planned = target && (await isFile(target)) ? await loadSavedPlan(target, values, io) : await planProject(positionals, values, io);
    if ('refused' in planned) return reportRefusal(planned, format, 'apply', io);
    return applyPlan(planned, values, format, io);
  },
};

/** What `plan --out` writes: the plan, the bundle it applies and the project whose engine it targets. */
interface SavedPlan extends Plan {
  projectRoot: string;
  /** The engine it was made against ('the local engine', 'the engine at …'). */
  engine: string;
  /** The project's environment it was made for, when the project declares environments. */
  environment?: string;
  /** The git working tree it was planned from. */
  source?: RevisionSource;
  bundle: Bundle;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((stats) => stats.isFile(), () => false);
}

async function loadSavedPlan(file: string, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<Planned> {
  let saved: SavedPlan;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as SavedPlan;
  } catch (error) {
    throw new CommandError(`${file} is not a saved plan: ${(error as Error).message}`);
  }
  const { planFormatVersion } = await import('../plan/plan.js');
  if (saved?.formatVersion !== planFormatVersion || typeof saved.projectRoot !== 'string' || saved.bundle?.sha256 !== saved.bundleSha256 || !Array.isArray(saved.actions)) {
    throw new CommandError(`${file} is not a saved plan of this weft (format ${planFormatVersion}); make one with weft plan --out`);
  }
  const [{ bundleProblem }, { computePlan }] = await Promise.all([import('../compile/compile-bundle.js'), import('../plan/compute-plan.js')]);
  const problem = bundleProblem(saved.bundle);
  if (problem) throw new CommandError(`${file} is refused: ${problem}; make a new plan with weft plan --out`);
  const { isRevisionSource } = await import('../engine/engine.js');
  if (saved.source !== undefined && !isRevisionSource(saved.source)) throw new CommandError(`${file} is refused: its source is not a git commit, branch and author as weft records them; make a new plan with weft plan --out`);
  const requested = requestedEnvironment(values);
  if (requested !== undefined && requested !== saved.environment) {
    throw new UsageError(`${file} was made for ${saved.environment === undefined ? 'no environment' : `environment '${saved.environment}'`}, not '${requested}'; make a plan with --env ${requested}`);
  }
  const engine = await openProjectEngine(saved.projectRoot, io, { lockTimeoutMs: parseDuration(values['lock-timeout']), environment: saved.environment ?? null });
  try {
    if (saved.engine !== engine.description) {
      throw new CommandError(`${file} was made against ${saved.engine ?? 'another engine'}, but the project now targets ${engine.description}; make a new plan`);
    }
    // What applies is the plan of the saved bundle; it must be the plan that was saved (and reviewed).
    const plan = computePlan(saved.bundle, await engine.readState());
    if (plan.stateRevision === saved.stateRevision && JSON.stringify(plan.actions) !== JSON.stringify(saved.actions)) {
      throw new CommandError(`${file} does not match its own bundle (was it edited?); make a new plan with weft plan --out`);
    }
    return { plan: saved.stateRevision === plan.stateRevision ? plan : saved, bundle: saved.bundle, engine, source: saved.source };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

async function applyPlan(planned: Planned, values: Record<string, string | boolean | undefined>, format: string, io: CliIo): Promise<number> {
  const { bundle, engine, diagnostics, suppressed, source } = planned;
  const [{ massDeleteRefusal, StaleStateError }, { computePlan }] = await Promise.all([import('../engine/engine.js'), import('../plan/compute-plan.js')]);
  const deadline = Date.now() + parseDuration(values['lock-timeout']);
  let plan = planned.plan;
  try {
    for (;;) {
      const refusal = values['allow-mass-delete'] ? undefined : massDeleteRefusal(plan, (await engine.readState()).resources.length);
      if (refusal) throw new CommandError(refusal);
      // Pretty output shows each plan as it is tried; a JSON or markdown document, only the one applied.
      const show = async () => io.stdout.write(await render({ plan, diagnostics, suppressed }, format, io));
      if (format === 'pretty') await show();
      // A saved plan whose revision has moved on is refused by the engine, inside its lock.
      let revision;
      try {
        revision = await engine.apply(plan, bundle, io.env.USER ?? os.userInfo().username, { lockTimeoutMs: Math.max(0, deadline - Date.now()), source });
      } catch (error) {
        // The project's own apply: another apply committed while this one waited; what is left is planned again.
        if (error instanceof StaleStateError && planned.replan) {
          plan = computePlan(bundle, await engine.readState());
          if (format === 'pretty') io.stdout.write(`\nThe engine's state moved to revision ${error.actual} while this apply waited for the lock; planned again:\n\n`);
          continue;
        }
        if (format !== 'pretty') await show();
        throw error;
      }
      if (format !== 'pretty') await show();
      if (format === 'pretty') {
        io.stdout.write(
          revision
            ? `\nApply complete! Resources: ${plan.summary.add} added, ${plan.summary.change} changed, ${plan.summary.destroy} destroyed. Revision ${revision.number}.\n`
            : '\nNothing to apply.\n',
        );
      }
      return 0;
    }
  } finally {
    await engine.close();
  }
}

export const rollbackCommand: Command = {
  summary: "plan and apply a past revision's bundle to the engine",
  usage: 'rollback <revision> [dir] [--env name] [--format pretty|json] [--lock-timeout 30s] [--allow-mass-delete]',
  examples: ['weft rollback 12 --env production'],
  options: applyOptions,
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const [number, ...rest] = positionals;
    if (!number || !/^\d+$/.test(number)) throw new UsageError(`expected a revision number, not '${number ?? ''}'`);
    const root = projectDirectory(rest, io);
    const engine = await openProjectEngine(root, io, { lockTimeoutMs: parseDuration(values['lock-timeout']), environment: requestedEnvironment(values) });
    try {
      const { computePlan } = await import('../plan/compute-plan.js');
      const bundle = await engine.revisionBundle(Number(number));
      if (!bundle) throw new CommandError(`there is no revision ${number}; see weft revisions`);
      // What runs then came from where that revision came from.
      const source = (await engine.revisions()).find((revision) => revision.number === Number(number))?.source;
      return await applyPlan({ plan: computePlan(bundle, await engine.readState()), bundle, engine, source }, values, format, io);
    } finally {
      await engine.close();
    }
  },
};

export const revisionsCommand: Command = {
  summary: 'list the revisions applied to the engine (number, time, user, bundle hash, summary)',
  usage: 'revisions [dir] [--env name] [--format pretty|json]',
  examples: ['weft revisions --env production'],
  options: { ...environmentOption, format: { type: 'string', short: 'f' } },
  async run({ values, positionals }, io) {
    const format = parseFormat(values.format);
    const root = projectDirectory(positionals, io);
    const engine = await openProjectEngine(root, io, { environment: requestedEnvironment(values) });
    try {
      const revisions = await engine.revisions();
      if (format === 'json') {
        io.stdout.write(JSON.stringify({ revisions }, null, 2) + '\n');
      } else if (revisions.length === 0) {
        io.stdout.write('No revisions: nothing has been applied yet.\n');
      } else {
        for (const revision of revisions) {
          const { add, change, destroy } = revision.summary;
          // A user, branch or author may hold control characters (a local state, an older engine): shown, not acted on.
          io.stdout.write(escapeControl(`${String(revision.number).padStart(4)}  ${revision.createdAt}  ${revision.user}  ${revision.bundleSha256.slice(0, 12)}  +${add} ~${change} -${destroy}${describeSource(revision.source)}`) + '\n');
        }
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};

/** `  from 1a2b3c4d5e6f on main, by Ann <ann@example.com>`, with `, uncommitted changes` for a dirty tree; '' when not from git. */
function describeSource(source: RevisionSource | undefined): string {
  if (!source || typeof source.commit !== 'string') return '';
  return `  from ${source.commit.slice(0, 12)} ${source.branch === null ? '(detached)' : `on ${source.branch}`}${source.dirty ? ', uncommitted changes' : ''}, by ${source.author}`;
}
