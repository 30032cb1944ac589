import type { Command } from './cli.js';
import { UsageError } from './cli.js';
import { clusterEngine, clusterRole, logFormat, stopSignal, storeUrl } from './engine-command.js';
import { engineLog } from '../engine/engine-log.js';

/** How long runs under way may take to finish once the worker is told to stop. */
const shutdownGraceMs = 10_000;

export const workerCommand: Command = {
  summary: "run a cluster's flows: claims queued runs from the engine's PostgreSQL database (within each flow's concurrency) and consumes broker events",
  usage: 'worker --store postgres://… [--log-format pretty|json]',
  options: { store: { type: 'string' }, 'log-format': { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`weft worker takes no arguments, not '${positionals.join(' ')}' (the flows are the engine's applied revision)`);
    const store = storeUrl(values.store);
    if (store === undefined) throw new UsageError('--store postgres://… is required: a worker runs the flows of the engine whose stores are there');
    const log = engineLog(logFormat(values['log-format']), (text) => io.stderr.write(text), 'worker');
    const { FlowRunner } = await import('../engine/flow-runner.js');
    const engine = await clusterEngine(store, io.env);
    const cluster = await clusterRole(store, engine, io.env, log, { api: false, worker: true });
    const runner = new FlowRunner(engine, log, { cluster });
    io.stdout.write(`weft worker running (state: ${engine.file})\n`);
    // SIGINT or SIGTERM: no more jobs are taken; runs under way get the grace period, and those
    // still going are handed back (interrupted) for another worker to resume.
    const signalled = stopSignal();
    await Promise.race([runner.start(), signalled]);
    await signalled;
    await runner.stop(shutdownGraceMs);
    // Runs still going are handed back here (interrupted), and must not go on in this process.
    await engine.close();
    log('weft worker stopped');
    process.exit(0);
  },
};
