import type { CliIo } from './cli.js';
import { CommandError } from './cli.js';
import type { Engine } from '../engine/engine.js';
import type { AnyResource } from '../schema/resource.js';
import { selectEnvironment } from '../environments/select-environment.js';

export interface OpenEngineOptions {
  lockTimeoutMs?: number;
  /** WEFT_TEST_APPLY_DELAY_MS, for the crash and race tests (local engine only). */
  testDelayMs?: number;
  /** The project's Project resource when the caller has compiled it already. */
  project?: AnyResource;
  /** The environment (`--env`): undefined for the project's default, null for none. */
  environment?: string | null;
}

/**
 * The engine a project (or its selected environment) reconciles into: the remote one its
 * `engine.url` names, with its token from `engine.token` (an `${env:}` placeholder) or
 * WEFT_ENGINE_TOKEN; otherwise the embedded local engine in .weft/ (an environment's in
 * .weft/env/<name>/), running in this process's environment.
 */
export async function openProjectEngine(root: string, io: CliIo, options: OpenEngineOptions = {}): Promise<Engine> {
  const document = options.project ? options.project.value : await readProjectDocument(root);
  const environment = selectEnvironment(document, options.environment);
  const target = environment ? environment.engine : engineTarget(document);
  if (target) {
    const { HttpEngine } = await import('../engine/http-engine.js');
    return new HttpEngine(target.url, engineToken(target.token, io, environment ? `spec.environments.${environment.name}.engine.token` : 'spec.engine.token'));
  }
  const { LocalEngine } = await import('../engine/local-engine.js');
  const engine = LocalEngine.forProject(root, { lockTimeoutMs: options.lockTimeoutMs, testDelayMs: options.testDelayMs, env: io.env, environment: environment?.name });
  warnIfOpen(engine, io);
  return engine;
}

/** One line on stderr when the local engine's directory is open to other users. */
function warnIfOpen(engine: { permissionWarning(): string | undefined }, io: Pick<CliIo, 'stderr'>): void {
  const warning = engine.permissionWarning();
  if (warning) io.stderr.write(`weft: ${warning}\n`);
}

interface EngineTarget {
  url: string;
  token?: string;
}

function engineTarget(project: unknown): EngineTarget | undefined {
  const engine = (project as { spec?: { engine?: { url?: unknown; token?: unknown } } } | undefined)?.spec?.engine;
  return typeof engine?.url === 'string' ? { url: engine.url, token: typeof engine.token === 'string' ? engine.token : undefined } : undefined;
}

/** Reads weft.yaml alone (revisions, rollback, secrets and saved plans do not compile the project). */
export async function readProjectDocument(root: string): Promise<unknown> {
  const [{ findProjectFile }, { loadFile }] = await Promise.all([import('../pipeline/load-project.js'), import('../pipeline/load-file.js')]);
  const projectFile = await findProjectFile(root);
  const loaded = await loadFile(root, projectFile);
  const project = loaded.resources.find((resource) => resource.kind === 'Project');
  if (!project || loaded.findings.some((finding) => finding.severity === 'error')) {
    throw new CommandError(`${projectFile} has errors, so the engine it names is unknown; run weft validate`);
  }
  return project.value;
}

function engineToken(placeholder: string | undefined, io: CliIo, field: string): string {
  if (placeholder !== undefined) {
    const match = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(placeholder);
    if (!match) throw new CommandError(`${field} must be an \${env:NAME} placeholder, so the token stays out of the repository`);
    const value = io.env[match[1]!];
    if (!value) throw new CommandError(`${field} is ${placeholder}, but ${match[1]} is not set`);
    return value;
  }
  const value = io.env.WEFT_ENGINE_TOKEN;
  if (!value) throw new CommandError(`weft.yaml names a remote engine: set WEFT_ENGINE_TOKEN to its admin token (or ${field})`);
  return value;
}
