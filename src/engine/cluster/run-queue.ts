import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';

/** What a job carries: the run to execute (recorded already, queued or interrupted). */
interface RunJob {
  run: string;
}

export interface RunQueueOptions {
  log: (line: string) => void;
  /** How often pg-boss maintains its tables; its default otherwise (tests shorten it). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker looks for jobs of a flow (seconds, at least 0.5). */
  pollingIntervalSeconds?: number;
}

/**
 * The cluster's job queue, on pg-boss in the engine's PostgreSQL database (its own schema,
 * `weft_queue`): one queue per flow, whose jobs each name a run the stores hold already. A job
 * says only "this run is waiting": a run is claimed in the stores (within its flow's
 * concurrency, counting its attempts), so a job delivered twice, or late, runs nothing twice.
 * Job ids derive from the run and its attempt: the API processes and workers that send a run's
 * job at once make one job.
 */
export class RunQueue {
  private readonly queues = new Set<string>();
  /** Per flow's queue worked here, its batch size. */
  private readonly workers = new Map<string, number>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly options: RunQueueOptions,
  ) {}

  static async start(url: string, options: RunQueueOptions): Promise<RunQueue> {
    const boss = new PgBoss({
      connectionString: url,
      schema: 'weft_queue',
      application_name: 'weft queue',
      max: 4,
      // Crons are the engine's own (a tick is a run of a fixed id); pg-boss keeps only its tables.
      schedule: false,
      ...(options.maintenanceIntervalSeconds !== undefined && { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
    });
    // An error nobody listens for would end the process: pg-boss's are logged (a lost connection is retried).
    boss.on('error', (error) => options.log(`job queue: ${error.message}`));
    await boss.start();
    return new RunQueue(boss, options);
  }

  /** The queue of a flow: pg-boss allows letters, digits and '_' only (50 at most). */
  static queueName(flow: string): string {
    return `weft_flow_${createHash('sha256').update(flow).digest('hex').slice(0, 24)}`;
  }

  private async ensure(flow: string): Promise<string> {
    const name = RunQueue.queueName(flow);
    if (!this.queues.has(name)) {
      // A job's handler never throws for a run's own failure (the run records it): a failed job is
      // the database or the worker failing, retried a few times, then kept as failed.
      // A job is done once its run is claimed (milliseconds): one still active after 30 s belongs
      // to a worker that died before claiming, and pg-boss gives it to another. A job fails when
      // its flow is at its concurrency (or the worker stops): it comes back a second later, for
      // as long as it takes.
      await this.boss.createQueue(name, { name, policy: 'standard', retryLimit: 1_000_000, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 });
      this.queues.add(name);
    }
    return name;
  }

  /**
   * Sends the job of a run's attempt (`attempt`: how many times it was taken up so far). The
   * same run and attempt sent again, by any process, is the same job: sent once. `afterSeconds`
   * delays it (a flow at its concurrency limit).
   */
  async send(flow: string, run: string, attempt: number): Promise<void> {
    await this.boss.send(await this.ensure(flow), { run } satisfies RunJob, { id: jobId(`${run}/${attempt}`) });
  }

  /**
   * Sends a queued run's job again unless its first is still to be done (created, waiting for a
   * retry, or lately taken): a job lost with an API process, taken by a worker that died before
   * claiming its run, or done by one that stopped first. Again within the same half minute, it
   * is the same job.
   */
  async resend(flow: string, run: string): Promise<void> {
    const name = await this.ensure(flow);
    const first = await this.boss.getJobById(name, jobId(`${run}/0`));
    // A job is active for milliseconds (its run claimed) or a few seconds (its flow at its limit):
    // one active for longer was taken by a worker that died, and is not waited for.
    const stale = first?.state === 'active' && Date.now() - new Date(first.startedOn).getTime() > 10_000;
    if (first && !stale && (first.state === 'created' || first.state === 'retry' || first.state === 'active')) return;
    await this.boss.send(name, { run } satisfies RunJob, { id: jobId(`${run}/0/again/${Math.floor(Date.now() / 30_000)}`) });
  }

  /**
   * Works the queues of these flows: per flow, batches of up to `batch` jobs at a time, handed to
   * `handle` together (it claims and starts their runs, and says which jobs failed: those alone
   * come back later); the queues of flows not listed stop being worked.
   */
  async work(flows: readonly { name: string; batch: number }[], handle: (flow: string, runs: readonly string[]) => Promise<Map<string, string>>): Promise<void> {
    const wanted = new Map(flows.map((flow) => [RunQueue.queueName(flow.name), flow]));
    for (const [name, batch] of this.workers) {
      if (wanted.get(name)?.batch === batch) continue;
      await this.boss.offWork(name);
      this.workers.delete(name);
    }
    for (const [name, flow] of wanted) {
      if (this.workers.has(name)) continue;
      await this.ensure(flow.name);
      // One poller a flow, its jobs handled side by side. pg-boss waits its polling interval
      // between batches unless told not to: after a full batch (more are likely waiting) the
      // poller is told to fetch again at once.
      let poller = '';
      poller = await this.boss.work<RunJob>(name, { batchSize: flow.batch, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 }, async (jobs) => {
        const failed = await handle(flow.name, [...new Set(jobs.map((job) => job.data.run))]);
        // The others are completed when this returns (pg-boss completes only jobs still active).
        const failing = jobs.filter((job) => failed.has(job.data.run));
        for (const job of failing) await this.boss.fail(name, job.id, { message: failed.get(job.data.run) });
        if (jobs.length === flow.batch && failing.length < jobs.length) this.boss.notifyWorker(poller);
      });
      this.workers.set(name, flow.batch);
    }
  }

  /** Stops taking jobs; the jobs under way get `graceMs` to finish (those that do not are handed back by the run store). */
  async stop(graceMs: number): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: Math.max(1000, graceMs), wait: true });
  }
}

/** A job id (pg-boss wants a UUID) derived from a key: the same key, the same id. */
function jobId(key: string): string {
  const hex = createHash('sha256').update(`weft-job/${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
