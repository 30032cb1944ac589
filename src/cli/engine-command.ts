import { stat } from 'node:fs/promises';
import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { environmentOption, projectDirectory, requestedEnvironment, testApplyDelay } from './options.js';
import { engineLog, logFormats, type EngineLog, type LogFormat } from '../engine/engine-log.js';
import { isLoopback } from '../runtime/egress.js';
import { localStateFile } from '../environments/select-environment.js';

/** How long runs in flight may take to finish once the engine is told to stop (the whole stop stays under 5 s). */
const shutdownGraceMs = 3000;

/** The shortest admin token accepted when the engine listens beyond loopback. */
const minimumExposedTokenLength = 32;

export const engineCommand: Command = {
  summary: "serve the engine's state over HTTP: /healthz and the admin API under /v1/ (bearer WEFT_ENGINE_TOKEN)",
  usage: 'engine start [dir] [--env name] [--port 8080] [--host 127.0.0.1] [--store postgres://… [--role api|both]] [--log-format pretty|json]',
  examples: ['WEFT_ENGINE_TOKEN=… weft engine start . --port 8080 --log-format json'],
  options: { ...environmentOption, port: { type: 'string', short: 'p' }, host: { type: 'string' }, store: { type: 'string' }, role: { type: 'string' }, 'log-format': { type: 'string' } },
  async run({ values, positionals }, io) {
    const [action, ...rest] = positionals;
    if (action !== 'start') throw new UsageError(`expected start, not '${action ?? ''}'`);
    const port = Number(values.port ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(String(values.port ?? 8080))) {
      throw new UsageError(`--port must be a port number from 0 to 65535, not '${String(values.port)}'`);
    }
    const host = String(values.host ?? '127.0.0.1');
    // A line may quote a remote answer (a run's error): pretty shows its control characters
    // escaped, JSON as JSON escapes; neither sends them to the terminal.
    const log = engineLog(logFormat(values['log-format']), (text) => io.stderr.write(text), 'engine');
    const root = projectDirectory(rest, io);
    if (!(await stat(root).then((stats) => stats.isDirectory(), () => false))) throw new UsageError(`${root} is not a directory`);
    const token = io.env.WEFT_ENGINE_TOKEN;
    if (!token) throw new CommandError('set WEFT_ENGINE_TOKEN: the admin API refuses every request without it, so an engine without one would serve nobody');
    // Every token that opens something: the admin API, the dashboard read-only, /metrics.
    const tokens = (['WEFT_ENGINE_TOKEN', 'WEFT_UI_READ_TOKEN', 'WEFT_METRICS_TOKEN'] as const).flatMap((name) => (io.env[name] ? [[name, io.env[name]!] as const] : []));
    if (isLoopback(host)) {
      for (const [name, value] of tokens) if (value.length < 16) log(`warning: ${name} is shorter than 16 characters; use a long random token`, { level: 'warn' });
    } else {
      // Beyond loopback anyone who can reach the port may guess at a token: a short one is refused outright.
      for (const [name, value] of tokens) {
        if (value.length < minimumExposedTokenLength) {
          throw new CommandError(`${name} is ${value.length} characters long; listening on '${host}' needs at least ${minimumExposedTokenLength} (e.g. openssl rand -hex 32), or listen on 127.0.0.1`);
        }
      }
      log(`warning: listening on '${host}' exposes the admin API over plain HTTP beyond this machine; put TLS in front of it (a reverse proxy), see docs/security.md`, { level: 'warn' });
    }

    const [{ LocalEngine }, { createEngineServer }, { FlowRunner }, { EngineMetrics }] = await Promise.all([
      import('../engine/local-engine.js'),
      import('../engine/engine-server.js'),
      import('../engine/flow-runner.js'),
      import('../engine/metrics.js'),
    ]);
    const store = storeUrl(values.store);
    const role = values.role === undefined ? 'both' : String(values.role);
    if (role !== 'api' && role !== 'both') throw new UsageError(`--role must be api (webhooks, schedules, the admin API; workers run the flows) or both (the default), not '${role}'`);
    if (values.role !== undefined && store === undefined) throw new UsageError('--role is for an engine of a cluster: give --store postgres://… too');
    const environment = store === undefined ? await servedEnvironment(root, requestedEnvironment(values)) : undefined;
    const engine = store === undefined ? LocalEngine.forProject(root, { env: io.env, testDelayMs: testApplyDelay(io.env), ...(environment && { environment }) }) : await clusterEngine(store, io.env);
    const warning = engine.permissionWarning();
    if (warning) log(warning, { level: 'warn' });
    // Flows run on their triggers; the runner reloads them when the state moves to a new revision.
    const cluster = store === undefined ? undefined : await clusterRole(store, engine, io.env, log, { api: true, worker: role === 'both' });
    // The runner is made after the metrics (it counts into them) and read by them (backlogs).
    let runner: InstanceType<typeof FlowRunner> | undefined;
    const metrics = new EngineMetrics({ revision: () => engine.stores.state.revision(), eventBacklogs: async () => (await runner?.eventBacklogs()) ?? new Map() });
    runner = new FlowRunner(engine, log, { metrics, ...(cluster && { cluster }) });
    const server = createEngineServer(engine, {
      token,
      log,
      runner,
      metrics,
      ...(io.env.WEFT_METRICS_TOKEN && { metricsToken: io.env.WEFT_METRICS_TOKEN }),
      ui: { ...(io.env.WEFT_UI_READ_TOKEN && { readToken: io.env.WEFT_UI_READ_TOKEN }) },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
      });
    } catch (error) {
      await engine.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new CommandError(`cannot listen on ${host}:${port}: ${code}`);
      throw error;
    }
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    engine.addresses.listening(host, bound);
    // A host name is what the engine was told; the address it is bound to is what a flow would reach.
    if (typeof address === 'object' && address) engine.addresses.listening(address.address, bound);
    const shown = host.includes(':') ? `[${host}]` : host;
    io.stdout.write(`weft engine listening on http://${shown}:${bound} (state: ${store === undefined ? localStateFile(root, environment) : engine.file}${environment ? `, environment ${environment}` : ''})\n`);

    // SIGINT or SIGTERM stops the engine at any moment, start-up included: it stops taking
    // requests and triggers, and gives runs in flight a grace period to finish.
    const signalled = stopSignal();
    await Promise.race([runner.start(), signalled]);
    await signalled;
    const stopped = (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await runner.stop(shutdownGraceMs - 500);
      await closed;
      await engine.close();
      return true;
    })();
    const timeUp = new Promise<false>((resolve) => setTimeout(() => resolve(false), shutdownGraceMs).unref());
    if (!(await Promise.race([stopped, timeUp]))) {
      // A run still going (a long page, a slow API, an expression near its time limit) stops
      // where it is: its progress is committed chunk by chunk, and the next start resumes it
      // with the same run id. Nothing else can stop an evaluation or a socket that is not ours.
      log(`runs still in flight after ${shutdownGraceMs / 1000} s stop where they are; the next start resumes them from their last checkpoint`, { level: 'warn' });
      log('weft engine stopped');
      process.exit(0);
    }
    log('weft engine stopped');
    return 0;
  },
};

/** Resolves at the first SIGINT or SIGTERM (each heard once). */
export function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `--log-format`: pretty (the default) or json. */
export function logFormat(value: string | boolean | undefined): LogFormat {
  if (value === undefined) return 'pretty';
  if (!logFormats.includes(value as LogFormat)) throw new UsageError(`--log-format must be pretty or json, not '${String(value)}'`);
  return value as LogFormat;
}

/** `--store`: a PostgreSQL URL, or nothing (the embedded engine). */
export function storeUrl(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const store = String(value);
  if (!/^postgres(ql)?:\/\//.test(store)) throw new UsageError(`--store takes a PostgreSQL URL (postgres://user:password@host:5432/database), not '${store}'`);
  return store;
}

/**
 * A process's part in a cluster: the job queue in the engine's database and the run store's
 * claim. WEFT_CLUSTER_* variables tune it (tests shorten the waits): WEFT_CLUSTER_WORKER_SLOTS
 * (runs a worker executes at once, 16), WEFT_CLUSTER_MAX_ATTEMPTS (3), WEFT_CLUSTER_SWEEP_MS
 * (5000), WEFT_CLUSTER_QUEUED_GRACE_MS (30000), WEFT_CLUSTER_MAINTENANCE_SECONDS (pg-boss's maintenance, its default otherwise).
 */
export async function clusterRole(url: string, engine: { stores: unknown }, env: Readonly<Record<string, string | undefined>>, log: EngineLog, roles: { api: boolean; worker: boolean }) {
  const [{ RunQueue }, { PgRunStore }] = await Promise.all([import('../engine/cluster/run-queue.js'), import('../engine/stores/postgres/pg-run-store.js')]);
  const runs = (engine.stores as { runs: unknown }).runs;
  if (!(runs instanceof PgRunStore)) throw new CommandError('a cluster needs its stores in PostgreSQL (--store postgres://…)');
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const maintenance = env.WEFT_CLUSTER_MAINTENANCE_SECONDS === undefined ? undefined : number('WEFT_CLUSTER_MAINTENANCE_SECONDS', 120);
  const queue = await RunQueue.start(url, { log, ...(maintenance !== undefined && { maintenanceIntervalSeconds: maintenance }) });
  return {
    queue,
    claim: (flow: string, ids: readonly string[], concurrency: number, maxAttempts: number) => runs.claimWithin(flow, ids, concurrency, maxAttempts),
    ...roles,
    maxAttempts: number('WEFT_CLUSTER_MAX_ATTEMPTS', 3),
    sweepMs: number('WEFT_CLUSTER_SWEEP_MS', 5000),
    queuedGraceMs: number('WEFT_CLUSTER_QUEUED_GRACE_MS', 30_000),
    slots: number('WEFT_CLUSTER_WORKER_SLOTS', 16),
  };
}

/** The engine over a PostgreSQL database (`--store`): its stores shared with the cluster's other processes. */
export async function clusterEngine(url: string, env: Readonly<Record<string, string | undefined>>) {
  const [{ LocalEngine }, { openPostgresStores }, { redactedUrl }] = await Promise.all([
    import('../engine/local-engine.js'),
    import('../engine/stores/postgres/pg-stores.js'),
    import('../engine/stores/postgres/pg-database.js'),
  ]);
  const leaseMs = Number(env.WEFT_CLUSTER_LEASE_MS);
  const stores = await openPostgresStores(url, env, { testDelayMs: testApplyDelay(env), ...(Number.isFinite(leaseMs) && leaseMs > 0 && { leaseMs }) });
  return LocalEngine.onStores(stores, redactedUrl(url), { env, description: `the engine at ${redactedUrl(url)}` });
}

/**
 * Which embedded engine a directory's engine serves: an environment's (`.weft/env/<name>/`, the
 * one `--env` names or the project's default) when its weft.yaml declares environments; the
 * directory's own `.weft/` otherwise (a directory without weft.yaml is an engine's home alone).
 * An environment whose engine is a remote one is served where that engine runs, not here.
 */
async function servedEnvironment(root: string, requested: string | undefined): Promise<string | undefined> {
  const [{ findProjectFile, NotAProjectError }, { readProjectDocument }, { selectEnvironment }] = await Promise.all([
    import('../pipeline/load-project.js'),
    import('./project-engine.js'),
    import('../environments/select-environment.js'),
  ]);
  const isProject = await findProjectFile(root).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NotAProjectError) return false;
      throw error;
    },
  );
  if (!isProject) {
    if (requested !== undefined) throw new UsageError(`--env ${requested}: ${root} has no weft.yaml declaring environments`);
    return undefined;
  }
  const selected = selectEnvironment(await readProjectDocument(root), requested);
  if (selected?.engine) {
    throw new CommandError(`environment '${selected.name}' reconciles into the engine at ${selected.engine.url}; start that engine where it runs (its own directory), not here`);
  }
  return selected?.name;
}
