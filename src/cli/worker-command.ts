import type { Command } from './cli.js';
import { CommandError, UsageError } from './cli.js';
import { clusterEngine, clusterRole, logFormat, stopSignal, storeUrl } from './engine-command.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { engineLog, type EngineLog } from '../engine/engine-log.js';
import type { EngineMetrics } from '../engine/metrics.js';

/** How long runs under way may take to finish once the worker is told to stop. */
const shutdownGraceMs = 10_000;

export const workerCommand: Command = {
  summary: "run a cluster's flows: claims queued runs from the engine's PostgreSQL database (within each flow's concurrency) and consumes broker events",
  usage: 'worker --store postgres://… [--log-format pretty|json] [--metrics-port port]',
  examples: ['weft worker --store postgres://weft@db:5432/weft --metrics-port 9464'],
  options: { store: { type: 'string' }, 'log-format': { type: 'string' }, 'metrics-port': { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`weft worker takes no arguments, not '${positionals.join(' ')}' (the flows are the engine's applied revision)`);
    const store = storeUrl(values.store);
    if (store === undefined) throw new UsageError('--store postgres://… is required: a worker runs the flows of the engine whose stores are there');
    const log = engineLog(logFormat(values['log-format']), (text) => io.stderr.write(text), 'worker');
    const metricsPort = values['metrics-port'] === undefined ? undefined : portNumber(String(values['metrics-port']));
    if (metricsPort !== undefined && !io.env.WEFT_METRICS_TOKEN && !io.env.WEFT_ENGINE_TOKEN) throw new UsageError('--metrics-port needs WEFT_METRICS_TOKEN (or WEFT_ENGINE_TOKEN): /metrics is never open to anyone');
    const [{ FlowRunner }, { EngineMetrics }] = await Promise.all([import('../engine/flow-runner.js'), import('../engine/metrics.js')]);
    const engine = await clusterEngine(store, io.env);
    const cluster = await clusterRole(store, engine, io.env, log, { api: false, worker: true });
    // The runs this worker runs are counted here: Prometheus scrapes each worker (--metrics-port).
    let runner: InstanceType<typeof FlowRunner> | undefined;
    const metrics = metricsPort === undefined ? undefined : new EngineMetrics({ revision: () => engine.stores.state.revision(), eventBacklogs: async () => (await runner?.eventBacklogs()) ?? new Map() });
    runner = new FlowRunner(engine, log, { cluster, ...(metrics && { metrics }) });
    const metricsServer = metrics && metricsPort !== undefined ? await serveWorkerMetrics(metrics, metricsPort, io.env, log) : undefined;
    io.stdout.write(`weft worker running (state: ${engine.file})${metricsServer ? `; metrics on http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}/metrics` : ''}\n`);
    // SIGINT or SIGTERM: no more jobs are taken; runs under way get the grace period, and those
    // still going are handed back (interrupted) for another worker to resume.
    const signalled = stopSignal();
    await Promise.race([runner.start(), signalled]);
    await signalled;
    await runner.stop(shutdownGraceMs);
    metricsServer?.close();
    // Runs still going are handed back here (interrupted), and must not go on in this process.
    await engine.close();
    log('weft worker stopped');
    process.exit(0);
  },
};

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--metrics-port must be a port number from 0 to 65535, not '${value}'`);
  return port;
}

/** A worker's /metrics on 127.0.0.1 (a worker serves nothing else), behind WEFT_METRICS_TOKEN or WEFT_ENGINE_TOKEN. */
async function serveWorkerMetrics(metrics: EngineMetrics, port: number, env: Readonly<Record<string, string | undefined>>, log: EngineLog): Promise<Server> {
  const { digest, serveMetrics } = await import('../engine/engine-server.js');
  const engineToken = env.WEFT_ENGINE_TOKEN ? digest(env.WEFT_ENGINE_TOKEN) : undefined;
  const metricsToken = env.WEFT_METRICS_TOKEN ? digest(env.WEFT_METRICS_TOKEN) : undefined;
  const server = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://worker').pathname === '/metrics') return serveMetrics(request, response, metrics, engineToken, metricsToken);
    request.resume();
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no-route', message: 'a worker serves /metrics only' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new CommandError(`cannot serve metrics on 127.0.0.1:${port}: ${error.code ?? error.message}`)));
    server.listen(port, '127.0.0.1', resolve);
  });
  log(`metrics on http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
  return server;
}
