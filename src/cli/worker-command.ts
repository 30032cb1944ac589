import type { Command } from './cli.js';
import { UsageError } from './cli.js';
import { clusterEngine, clusterRole, stopSignal, storeUrl } from './engine-command.js';
import { escapeControl } from '../report/escape-control.js';

/** How long runs under way may take to finish once the worker is told to stop. */
const shutdownGraceMs = 10_000;

export const workerCommand: Command = {
  summary: "run a cluster's flows: claims queued runs from the engine's PostgreSQL database (within each flow's concurrency) and consumes broker events",
  usage: 'worker --store postgres://…',
  options: { store: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`weft worker takes no arguments, not '${positionals.join(' ')}' (the flows are the engine's applied revision)`);
    const store = storeUrl(values.store);
    if (store === undefined) throw new UsageError('--store postgres://… is required: a worker runs the flows of the engine whose stores are there');
    const { FlowRunner } = await import('../engine/flow-runner.js');
    const engine = await clusterEngine(store, io.env);
    const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${escapeControl(line)}\n`);
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
    io.stderr.write('weft worker stopped\n');
    process.exit(0);
  },
};
