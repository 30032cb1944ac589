import type { Log, LogFields } from '../runtime/log.js';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Cron } from 'croner';
import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { scanPlaceholders } from '../lex/placeholders.js';
import { AmqpLinks } from '../runtime/amqp.js';
import { newRunId } from '../runtime/run-flow.js';
import { EventConsumers } from './event-consumers.js';
import type { LocalEngine } from './local-engine.js';
import type { EngineMetrics } from './metrics.js';
import { DuplicateRunError, type PausedFlow, type RunRecord, type RunPass, type UnfinishedRun } from './stores/stores.js';
import type { RunService, RunStart } from './run-service.js';
import type { RunQueue } from './cluster/run-queue.js';

/**
 * How a process of a cluster takes part (`weft engine start --store`, `weft worker`): the API
 * role takes webhooks, manual runs and schedule ticks and only records and queues their runs;
 * the worker role claims queued runs within their flow's concurrency and executes them, and
 * consumes broker events.
 */
export interface ClusterRole {
  queue: RunQueue;
  /** The cluster's run store's claim (PostgreSQL's) of runs of a flow, within its concurrency across processes. */
  claim(flow: string, ids: readonly string[], concurrency: number, maxAttempts: number): Promise<Map<string, UnfinishedRun | 'at-limit' | 'dead' | undefined>>;
  api: boolean;
  worker: boolean;
  /** How many times a run may be taken up before it is dead (a run that kills whoever runs it). */
  maxAttempts: number;
  /** How often a worker looks for runs waiting without a job (their API process or worker went away). */
  sweepMs: number;
  /** How long a run may stay queued before a worker looks whether its job was lost. */
  queuedGraceMs: number;
  /** Runs a worker executes at once (and jobs of one flow it takes at a time). */
  slots: number;
}

/** How many accepted runs of one flow may wait for a slot; beyond it a webhook gets 429. */
const maxWaitingRuns = 10_000;

/**
 * A delivery claimed for a run not recorded yet: polled this often, for up to claimWaitMs, then
 * answered 503; taken over once the claim is claimGraceMs old (its process died before the run).
 */
const claimPollMs = 100;
const claimWaitMs = 3000;
const claimGraceMs = 30_000;

/** A webhook's signature scheme, as the flow's trigger gives it (see schemas/flow.schema.json WebhookHmac). */
interface WebhookHmac {
  header: string;
  secret: string;
  algorithm?: 'sha256' | 'sha1' | 'sha512';
  encoding?: 'hex' | 'base64';
  prefix?: string;
  signedPayload?: string;
  timestampHeader?: string;
  toleranceSeconds?: number;
  deliveryIdHeader?: string;
  replayWindowSeconds?: number;
}

interface WebhookTrigger {
  flow: string;
  hmac?: WebhookHmac;
  maxBodyBytes: number;
}

/** A webhook accepted: the run it started, or for a delivery seen before, the run that one started. */
export interface WebhookAnswer {
  run: string;
  duplicate: boolean;
}

/** Bytes of each HMAC's digest: a signature of another length is malformed. */
const digestBytes = { sha1: 20, sha256: 32, sha512: 64 } as const;

/** Why a webhook or a run was refused, as an HTTP status and a message (never a secret). */
export class WebhookRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs the applied revision's flows on their triggers: schedules (croner, in the flow's time
 * zone), webhooks, manual runs and broker events, each flow at most `spec.concurrency` runs at
 * once, every run through the engine's run service. When the engine's state moves to a new
 * revision the triggers are reloaded (no restart). At start, runs that a crash interrupted are
 * resumed from what they had committed.
 */
export class FlowRunner {
  private revision = -1;
  private bundle: Bundle | undefined;
  private crons: Cron[] = [];
  private webhooks = new Map<string, WebhookTrigger>();
  private readonly running = new Map<string, number>();
  /** Accepted runs waiting for a slot of their flow's concurrency, in order. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private watcher: NodeJS.Timeout | undefined;
  private readonly links: AmqpLinks;
  private readonly consumers: EventConsumers;
  private readonly service: RunService;
  private consumersLoaded: Promise<void> = Promise.resolve();
  private reloading: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Deliveries being accepted, by path and delivery id: a replay arriving meanwhile waits for the first. */
  private readonly delivering = new Map<string, Promise<WebhookAnswer>>();
  private readonly now: () => Date;
  private readonly cluster: ClusterRole | undefined;
  /** Messages each event flow dead-lettered since this process started. */
  private readonly deadLetters = new Map<string, number>();
  /** Flows whose triggers an operator paused, with who and when (read with each look for a new revision). */
  private pausedFlows = new Map<string, PausedFlow>();
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  /** Per scheduled flow, the last tick this API process fired (a tick it missed is run at the next). */
  private readonly lastTicks = new Map<string, Date>();
  /** The runs this worker executes now (at most its slots). */
  private runningHere = 0;
  /** Per flow, this worker's jobs waiting for a slot of its concurrency: a run of it ending here wakes one. */
  private readonly slotWaiters = new Map<string, Set<() => void>>();
  /** Applied bundles by revision, for the runs a worker executes. */
  private readonly bundles = new Map<number, Promise<Bundle | undefined>>();

  constructor(
    private readonly engine: LocalEngine,
    private readonly log: Log = () => {},
    options: { publishTimeoutMs?: number; now?: () => Date; cluster?: ClusterRole; metrics?: EngineMetrics } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.cluster = options.cluster;
    this.links = new AmqpLinks(log, options.publishTimeoutMs);
    const metrics = options.metrics;
    this.service = engine.runService({ links: this.links, log, ...(metrics && { observe: () => metrics.observer, ended: (run: RunRecord) => metrics.runEnded(run) }) });
    const deadLettered = (flow: string) => {
      this.deadLetters.set(flow, (this.deadLetters.get(flow) ?? 0) + 1);
      metrics?.deadLettered(flow);
    };
    this.consumers = new EventConsumers({ ledger: engine.stores.ledger, service: this.service, links: this.links, log, deadLettered });
  }

  /** Resolves when the event consumers of the last revision loaded have started (or failed to). */
  async eventsReady(): Promise<void> {
    await this.reloading;
    await this.consumersLoaded;
  }

  /** Messages ready in each event flow's queue. */
  eventBacklogs(): Promise<Map<string, number>> {
    return this.consumers.backlogs();
  }

  /** Messages an event flow dead-lettered since this process started. */
  deadLettered(flow: string): number {
    return this.deadLetters.get(flow) ?? 0;
  }

  /** The flows whose event consumers run. */
  get consuming(): string[] {
    return this.consumers.flows;
  }

  /**
   * Loads the applied revision, resumes interrupted runs, and looks for a new revision every
   * `pollMs` (an apply by another process).
   */
  async start(pollMs = 1000): Promise<void> {
    await this.reload();
    if (!this.cluster) await this.resumeInterrupted();
    else if (this.cluster.worker) {
      this.sweeper = setInterval(() => void this.sweepOnce(), this.cluster.sweepMs);
      this.sweeper.unref();
      await this.sweepOnce();
    }
    this.watcher = setInterval(() => void this.reload(), pollMs);
    this.watcher.unref();
  }

  /** A look for waiting runs (`sweep`), unless one is under way: then that one. Never throws (a failed look is logged). */
  private sweepOnce(): Promise<void> {
    // One look at a time: a look held up (a slow database) is not joined by another every interval.
    this.sweeping ??= this.sweep()
      .catch((error: Error) => this.log(`cannot look for waiting runs: ${error.message}`))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * A worker's look for runs that wait without a job: queued by an API process that went away
   * before queueing its job, interrupted (their worker was killed, or stopped and handed them
   * back). Each gets the job of its next attempt: sent by several workers at once, one job.
   */
  private async sweep(): Promise<void> {
    const cluster = this.cluster!;
    if (this.stopped) return;
    // A queued run's job is lost only with its API process (or taken by a worker that died before
    // claiming it): runs queued for a while are looked at, the oldest first, a few at a time.
    const pending = await this.engine.stores.runs.pending(new Date(this.now().getTime() - cluster.queuedGraceMs).toISOString(), 100);
    const worked = new Set(this.bundle?.resources.filter((resource) => resource.kind === 'Flow').map((flow) => flow.name));
    for (const run of pending) {
      if (run.revision === null) continue; // a working tree's run waits for weft runs resume
      if (!worked.has(run.flow)) {
        // Its flow was removed since it was queued: no worker polls its queue any more. It runs
        // all the same, with the revision it was accepted in, one at a time, as on one machine.
        void this.handleJobs(run.flow, [run.id]).catch((error: Error) => this.log(`run ${run.id} of ${run.flow}: ${error.message}`));
        continue;
      }
      if (run.status === 'queued') await cluster.queue.resend(run.flow, run.id);
      else await cluster.queue.send(run.flow, run.id, run.attempts ?? 1);
    }
  }

  /**
   * A worker's batch of jobs of one flow: claims their runs within the flow's concurrency (in one
   * transaction), and executes the claimed ones in the background (a job is done once its run is
   * claimed: from then on the run's lease, not the job, says who has it). Jobs whose flow is at
   * its limit wait a little (a run of the flow ending here wakes them), then fail: pg-boss gives
   * them back a second later. Returns the jobs' runs that failed so, with why.
   */
  private async handleJobs(flowName: string, ids: readonly string[]): Promise<Map<string, string>> {
    const cluster = this.cluster!;
    const giveUpWaitingAt = Date.now() + 5000;
    let waiting = [...ids];
    for (;;) {
      // Failed, the jobs come back for another worker.
      if (this.stopped) return new Map(waiting.map((id) => [id, 'the worker is stopping']));
      const flow = this.bundle?.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName);
      const concurrency = typeof flow?.spec.concurrency === 'number' ? flow.spec.concurrency : 1;
      // No more runs at once in this worker than its slots: the others wait, as at the flow's limit.
      const room = Math.max(0, cluster.slots - this.runningHere);
      const results = room === 0 ? new Map<string, 'at-limit'>(waiting.map((id) => [id, 'at-limit'])) : await cluster.claim(flowName, waiting.slice(0, room), concurrency, cluster.maxAttempts);
      waiting = waiting.filter((id) => !results.has(id) || results.get(id) === 'at-limit');
      for (const [id, claimed] of results) {
        if (claimed === 'dead') this.log(`run ${id} of ${flowName} is dead: its process went away during each of its ${cluster.maxAttempts} attempts`, { level: 'error', run: id, flow: flowName, status: 'dead' });
        else if (claimed !== undefined && claimed !== 'at-limit') await this.startClaimed(flowName, claimed);
      }
      if (waiting.length === 0) return new Map();
      if (Date.now() >= giveUpWaitingAt) return new Map(waiting.map((id) => [id, `flow '${flowName}' is at its concurrency (${concurrency} runs)`]));
      // A run of the flow ending here frees a slot at once; one ending elsewhere is seen on the next look.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, 50 + Math.random() * 100);
        const waiters = this.slotWaiters.get(flowName) ?? new Set<() => void>();
        function wake() {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        }
        waiters.add(wake);
        this.slotWaiters.set(flowName, waiters);
      });
    }
  }

  /** Executes a run this worker claimed, in the background; its end wakes a job waiting for the flow's slot. */
  private async startClaimed(flowName: string, claimed: UnfinishedRun): Promise<void> {
    const bundle = claimed.run.revision === null ? undefined : await this.bundleOf(claimed.run.revision);
    if (!bundle) {
      this.log(`run ${claimed.run.id} of ${flowName} ran a working tree or a revision the engine does not have; resume it with weft runs resume ${claimed.run.id}`);
      return;
    }
    this.runningHere++;
    this.track(
      flowName,
      this.service
        .continue(claimed, bundle)
        .then((record) => this.log(`run ${record.id} of ${record.flow} (${record.trigger}): ${record.status}${(claimed.run.attempts ?? 1) > 1 ? ` (attempt ${claimed.run.attempts})` : ''}`, runFields(record)))
        .finally(() => {
          this.runningHere--;
          // A slot came free: a job of this flow waiting for one goes first, else any.
          const next = [...(this.slotWaiters.get(flowName) ?? [])][0] ?? [...this.slotWaiters.values()].flatMap((waiters) => [...waiters])[0];
          next?.();
        }),
    );
  }

  private bundleOf(revision: number): Promise<Bundle | undefined> {
    let bundle = this.bundles.get(revision);
    if (!bundle) this.bundles.set(revision, (bundle = this.engine.stores.state.revisionBundle(revision)));
    return bundle;
  }

  /** Reads the paused flows; whether they changed since the last read. */
  private async readPaused(): Promise<boolean> {
    const paused = new Map((await this.engine.stores.operations.paused()).map((entry) => [entry.flow, entry]));
    const changed = paused.size !== this.pausedFlows.size || [...paused.keys()].some((flow) => !this.pausedFlows.has(flow));
    this.pausedFlows = paused;
    return changed;
  }

  /** Who paused a flow's triggers and when, if they are paused. */
  paused(flow: string): PausedFlow | undefined {
    return this.pausedFlows.get(flow);
  }

  /**
   * Pauses or resumes a flow's triggers (an operator's switch, audited; the YAML is untouched):
   * paused, its schedule skips its ticks, its webhook answers 503 with Retry-After (the sender
   * sends again later) and its event consumer stops (messages wait in their queue). Manual runs
   * and retries still run. Other engine processes see it at their next look. False when the flow
   * was so already.
   */
  async setPaused(flow: string, paused: boolean, actor: string): Promise<boolean> {
    // Pausing needs the flow; resuming never does (a paused flow since removed from the YAML can be let go).
    if (paused && !this.bundle?.resources.some((resource) => resource.kind === 'Flow' && resource.name === flow)) throw new WebhookRefusal(404, `the applied revision has no flow '${flow}'`);
    const changed = await this.engine.stores.operations.setPaused(flow, paused, actor, this.now().toISOString());
    await this.reloading;
    this.reloading = this.reloading.then(() => this.reloadNow()).catch((error: Error) => this.log(`cannot load the applied revision: ${error.message}`));
    await this.reloading;
    if (changed) this.log(`${paused ? 'paused' : 'resumed'} the triggers of ${flow} (${actor})`, { flow, actor, paused });
    return changed;
  }

  /** Reloads the triggers if the state moved on since they were loaded (one reload at a time). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow()).catch((error: Error) => this.log(`cannot load the applied revision: ${error.message}`));
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    if (this.stopped) return;
    const revision = await this.engine.stores.state.revision();
    const pausedChanged = await this.readPaused();
    if (revision === this.revision) {
      // Paused or resumed (here or by another process): event consumers stop or start.
      if (pausedChanged && (!this.cluster || this.cluster.worker)) {
        const bundle = this.bundle;
        this.consumersLoaded = this.consumersLoaded.then(() => this.consumers.reload(bundle, revision > 0 ? revision : null, new Set(this.pausedFlows.keys())));
      }
      return;
    }
    const bundle = revision > 0 ? await this.engine.stores.state.revisionBundle(revision) : undefined;
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    this.webhooks = new Map();
    this.revision = revision;
    this.bundle = bundle;
    for (const flow of bundle?.resources.filter((resource) => resource.kind === 'Flow') ?? []) {
      if (flow.spec.enabled === false) continue;
      const trigger = flow.spec.trigger as { schedule?: { cron: string; timezone?: string }; webhook?: { path: string; hmac?: WebhookTrigger['hmac']; maxBodyBytes?: number } };
      if (trigger.schedule && (!this.cluster || this.cluster.api)) {
        const cron = new Cron(trigger.schedule.cron, { timezone: trigger.schedule.timezone ?? 'UTC' }, (self: Cron) => {
          if (this.pausedFlows.has(flow.name)) {
            if (this.cluster) this.lastTicks.set(flow.name, self.currentRun() ?? this.now());
            return this.log(`skipped ${flow.name} (schedule ${trigger.schedule!.cron}): its triggers are paused`, { flow: flow.name });
          }
          const tick = this.cluster ? this.clusterTick(flow.name, `schedule ${trigger.schedule!.cron}`, self) : this.begin(flow.name, `schedule ${trigger.schedule!.cron}`);
          void tick.catch((error: Error) => this.log(`schedule of ${flow.name}: ${error.message}`, { level: 'error', flow: flow.name }));
        });
        this.crons.push(cron);
      }
      if (trigger.webhook) this.webhooks.set(trigger.webhook.path, { flow: flow.name, hmac: trigger.webhook.hmac, maxBodyBytes: trigger.webhook.maxBodyBytes ?? 1_048_576 });
    }
    const events = bundle?.resources.filter((resource) => resource.kind === 'Flow' && resource.spec.enabled !== false && (resource.spec.trigger as { event?: unknown }).event).length ?? 0;
    this.log(`loaded revision ${revision}: ${this.crons.length} schedule${this.crons.length === 1 ? '' : 's'}, ${this.webhooks.size} webhook${this.webhooks.size === 1 ? '' : 's'}, ${events} event trigger${events === 1 ? '' : 's'}`);
    if (this.cluster && !this.cluster.worker) return;
    // One reload of the consumers after another, in the order of the revisions.
    this.consumersLoaded = this.consumersLoaded.then(() => this.consumers.reload(bundle, revision > 0 ? revision : null, new Set(this.pausedFlows.keys())));
    if (this.cluster) {
      const flows = (bundle?.resources ?? []).filter((resource) => resource.kind === 'Flow' && !(resource.spec.trigger as { event?: unknown }).event);
      await this.cluster.queue.work(
        flows.map((flow) => ({ name: flow.name, batch: this.cluster!.slots })),
        (flow, ids) => this.handleJobs(flow, ids),
      );
    }
  }

  /**
   * A schedule's tick in a cluster: every API process fires it, and the run's id is the tick's
   * (its time and flow), so the first to record it queues it and the others find it recorded. No
   * tick runs twice, and none is lost while one API process lives.
   */
  private async clusterTick(flowName: string, trigger: string, cron: Cron): Promise<void> {
    const bundle = this.bundle;
    if (!bundle?.resources.some((resource) => resource.kind === 'Flow' && resource.name === flowName)) return;
    const scheduled = cron.currentRun() ?? this.now();
    // A process whose event loop was held up past a tick fires once for the ticks it missed: they
    // are run too (one run each, whoever records it first), back to the last tick it fired.
    const last = this.lastTicks.get(flowName);
    const missed = last ? cron.nextRuns(60, last).filter((tick) => tick.getTime() < scheduled.getTime() - 500) : [];
    this.lastTicks.set(flowName, scheduled);
    for (const tick of [...missed, scheduled]) {
      const id = newRunId(new Date(Math.round(tick.getTime() / 1000) * 1000), createHash('sha256').update(flowName).digest('hex').slice(0, 8));
      try {
        await this.service.enqueue({ bundle, revision: this.revision, flow: flowName, trigger }, id);
      } catch (error) {
        if (error instanceof DuplicateRunError) continue;
        throw error;
      }
      await this.cluster!.queue.send(flowName, id, 0);
    }
  }

  /**
   * Runs of triggers that a crash interrupted go on from what they had committed, with the
   * bundle of the revision they ran (a run of a working tree waits for weft runs resume).
   */
  private async resumeInterrupted(): Promise<void> {
    for (const { run } of await this.service.interrupted()) {
      if (run.revision === null) {
        this.log(`run ${run.id} of ${run.flow} (${run.trigger}) was interrupted; resume it with weft runs resume ${run.id}`, { level: 'warn', run: run.id, flow: run.flow });
        continue;
      }
      const bundle = await this.engine.stores.state.revisionBundle(run.revision);
      if (!bundle) continue;
      this.track(
        run.flow,
        this.service.resume(run.id, bundle).then((record) => {
          if (record) this.log(`run ${record.id} of ${record.flow} (${record.trigger}): ${record.status} (resumed)`, runFields(record));
        }),
      );
    }
  }

  /** The webhook flow of a path, its body size limit and whether it is signed. */
  webhook(path: string): WebhookTrigger | undefined {
    return this.webhooks.get(path);
  }

  /**
   * What can be told from a webhook's headers alone, before its body is read: the path has a
   * flow (else 404); a signed webhook's request carries a well-formed signature (the prefix, then
   * hex or base64 of the digest's length) and, with a timestamp header, a time within the
   * tolerance of the engine's clock (else 401). Returns the signature's bytes.
   */
  checkWebhookHeaders(path: string, headers: Record<string, string | string[] | undefined>): Buffer | undefined {
    const hook = this.webhooks.get(path);
    if (!hook) throw new WebhookRefusal(404, `no flow listens on /hooks/${path}`);
    const hmac = hook.hmac;
    if (!hmac) return undefined;
    const given = headerValue(headers, hmac.header) ?? '';
    const prefix = hmac.prefix ?? '';
    const signature = given.startsWith(prefix) ? decode(given.slice(prefix.length), hmac.encoding ?? 'hex') : undefined;
    if (!signature || signature.length !== digestBytes[hmac.algorithm ?? 'sha256']) throw new WebhookRefusal(401, `the ${hmac.header} header is missing or is not a signature`);
    if (hmac.timestampHeader) {
      const sentAt = timestampOf(headerValue(headers, hmac.timestampHeader));
      const tolerance = (hmac.toleranceSeconds ?? 300) * 1000;
      if (sentAt === undefined) throw new WebhookRefusal(401, `the ${hmac.timestampHeader} header is missing or is not a time`);
      if (Math.abs(this.now().getTime() - sentAt) > tolerance) throw new WebhookRefusal(401, `the ${hmac.timestampHeader} header is more than ${tolerance / 1000} seconds from the engine's clock`);
    }
    return signature;
  }

  /**
   * Verifies a webhook's signature over the raw body, or the signed payload around it (constant
   * time), and accepts a run of its flow with the body as the first record: the run and its
   * payload are on disk when this resolves with the run's id (then answer 202). A delivery id
   * seen within the replay window starts no run: the answer is the run the first one started.
   */
  async acceptWebhook(path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<WebhookAnswer> {
    const signature = this.checkWebhookHeaders(path, headers);
    const hook = this.webhooks.get(path)!;
    if (this.pausedFlows.has(hook.flow)) throw new WebhookRefusal(503, `the triggers of flow '${hook.flow}' are paused; send it again later`);
    const hmac = hook.hmac;
    if (hmac) {
      const secret = await this.resolveSecret(hmac.secret);
      if (secret === undefined) throw new WebhookRefusal(500, 'the webhook secret does not resolve in the engine');
      const [before, after] = (hmac.signedPayload ?? '{body}').replaceAll('{timestamp}', hmac.timestampHeader ? (headerValue(headers, hmac.timestampHeader) ?? '') : '').split('{body}') as [string, string];
      const expected = createHmac(hmac.algorithm ?? 'sha256', secret).update(before).update(body).update(after).digest();
      if (!signature || !timingSafeEqual(signature, expected)) throw new WebhookRefusal(401, 'the signature does not match');
    }
    let record: unknown;
    try {
      record = JSON.parse(body.toString('utf8'));
    } catch {
      throw new WebhookRefusal(400, 'the body is not JSON');
    }
    const start = async (id?: string): Promise<string> => {
      const started = await this.begin(hook.flow, `webhook /hooks/${path}`, [{ records: [record] }], id);
      if (!started) throw new WebhookRefusal(429, `flow '${hook.flow}' is at its concurrency limit`);
      return started;
    };
    if (!hmac?.deliveryIdHeader) return { run: await start(), duplicate: false };
    const deliveryId = headerValue(headers, hmac.deliveryIdHeader)?.trim() ?? '';
    // Without the id a replay could not be told apart: it is required once the flow names its header.
    if (deliveryId === '' || deliveryId.length > 200) throw new WebhookRefusal(400, `the ${hmac.deliveryIdHeader} header is missing or longer than 200 characters`);
    return this.deliverOnce(path, deliveryId, (hmac.replayWindowSeconds ?? 86_400) * 1000, start);
  }

  /**
   * Starts a delivery's run unless the delivery is claimed already (here or by another engine
   * process on the same store): one run per delivery id within the window, across restarts and
   * processes. The delivery is claimed for a run id before the run is accepted with that id, so
   * two processes given one delivery at once start one run; a run refused gives its claim back.
   * A claim whose run is not recorded is being accepted elsewhere (the answer waits for it, then
   * is 503 with Retry-After) or was left by a process that died between the two: after
   * `claimGraceMs` a delivery takes it over.
   */
  private async deliverOnce(path: string, deliveryId: string, windowMs: number, start: (id: string) => Promise<string>): Promise<WebhookAnswer> {
    const key = `${path}\n${deliveryId}`;
    const first = this.delivering.get(key);
    if (first) {
      try {
        return { run: (await first).run, duplicate: true };
      } catch {
        // The first was refused: this one is accepted (or refused) on its own.
      }
    }
    const { deliveries, runs } = this.engine.stores;
    const work = (async (): Promise<WebhookAnswer> => {
      const now = this.now();
      const until = new Date(now.getTime() + windowMs);
      const run = newRunId(now);
      const accept = async (): Promise<WebhookAnswer> => {
        try {
          await start(run);
        } catch (error) {
          // A run recorded before the failure (queued, its job not sent) is run by a sweep: kept.
          if (!(await runs.get(run))) await deliveries.forget(path, deliveryId, run);
          throw error;
        }
        return { run, duplicate: false };
      };
      for (let waited = 0; ; waited += claimPollMs) {
        // The time now, each look: a claim's age is judged on it.
        const current = this.now();
        const held = await deliveries.claim(path, deliveryId, run, current, until);
        if (!held) return accept();
        if (await runs.get(held.run)) return { run: held.run, duplicate: true };
        if (current.getTime() - held.claimedAt.getTime() >= claimGraceMs) {
          if (await deliveries.takeOver(path, deliveryId, held.run, run, current, until)) return accept();
          continue;
        }
        if (waited >= claimWaitMs) throw new WebhookRefusal(503, 'this delivery is being accepted by another engine process; send it again later');
        await new Promise((resolve) => setTimeout(resolve, claimPollMs));
      }
    })();
    this.delivering.set(key, work);
    try {
      return await work;
    } finally {
      if (this.delivering.get(key) === work) this.delivering.delete(key);
    }
  }

  /** A manual run (the admin API): its id, or undefined at the flow's concurrency limit. */
  async runNow(flow: string, records?: unknown[]): Promise<string | undefined> {
    if (!this.bundle?.resources.some((resource) => resource.kind === 'Flow' && resource.name === flow)) throw new WebhookRefusal(404, `the applied revision has no flow '${flow}'`);
    return this.begin(flow, 'manual (admin API)', records ? [{ records }] : undefined);
  }

  /**
   * A run asked for over the admin API (weft run, runs retry with a remote engine): accepted
   * (on disk), then run in the background; its id.
   */
  async acceptRun(start: RunStart): Promise<string> {
    if (this.cluster) {
      const id = await this.service.enqueue(start);
      await this.cluster.queue.send(start.flow, id, 0);
      return id;
    }
    const handle = await this.service.accept(start);
    this.track(start.flow, handle.done);
    return handle.id;
  }

  /** Goes on with an interrupted run in the background (weft runs resume with a remote engine). */
  resumeRun(id: string, flow: string, bundle: Bundle): void {
    if (this.cluster) {
      const cluster = this.cluster;
      this.track(flow, this.engine.stores.runs.get(id).then((run) => cluster.queue.send(flow, id, run?.attempts ?? 1)));
      return;
    }
    this.track(flow, this.service.resume(id, bundle));
  }

  /** The engine's run service (retries are worked out by it). */
  get runs(): RunService {
    return this.service;
  }

  /** Waits for the runs in flight (on stop). */
  async stop(graceMs = 3000): Promise<void> {
    this.stopped = true;
    if (this.watcher) clearInterval(this.watcher);
    if (this.sweeper) clearInterval(this.sweeper);
    for (const cron of this.crons) cron.stop();
    await this.reloading;
    await this.consumersLoaded;
    await this.consumers.stop();
    // A worker takes no more jobs; the runs under way get the grace period (the rest are handed
    // back when the stores close, for another worker to resume).
    if (this.cluster) {
      await this.cluster.queue.stop(1000);
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      await this.links.close();
      return;
    }
    await Promise.allSettled([...this.inFlight]);
    await this.links.close();
  }

  /**
   * Accepts a run of the applied revision's flow. Within the flow's concurrency it starts at
   * once. Beyond it, a run that is given its records (a webhook's body, a manual run's records)
   * is accepted all the same and waits for a slot, up to a bound; a run that would receive
   * (a schedule's tick, a manual run without records) is skipped: it would only fetch the same
   * window again. Its id, or undefined when skipped.
   */
  private async begin(flowName: string, trigger: string, passes?: RunPass[], id?: string): Promise<string | undefined> {
    const bundle = this.bundle;
    const flow = bundle?.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName) as BundleResource | undefined;
    if (!bundle || !flow) return undefined;
    if (this.cluster) {
      // Recorded, then queued: a worker runs it within the flow's concurrency across the cluster.
      const queued = await this.service.enqueue({ bundle, revision: this.revision, flow: flowName, trigger, passes }, id);
      await this.cluster.queue.send(flowName, queued, 0);
      return queued;
    }
    const limit = typeof flow.spec.concurrency === 'number' ? flow.spec.concurrency : 1;
    const running = this.running.get(flowName) ?? 0;
    const queue = this.waiting.get(flowName) ?? [];
    if (running >= limit && (passes === undefined || queue.length >= maxWaitingRuns)) {
      this.log(`skipped ${flowName} (${trigger}): ${running} run${running === 1 ? '' : 's'} already, its concurrency is ${limit}${passes ? `, and ${queue.length} wait` : ''}`, { level: 'warn', flow: flowName });
      return undefined;
    }
    // Counted before the accept's await: runs accepted together cannot all take the last slot.
    const startNow = running < limit;
    if (startNow) this.running.set(flowName, running + 1);
    let admitted: Awaited<ReturnType<RunService['admit']>>;
    try {
      admitted = await this.service.admit({ bundle, revision: this.revision, flow: flowName, trigger, passes }, id);
    } catch (error) {
      if (startNow) this.release(flowName);
      throw error;
    }
    const execute = () =>
      this.track(
        flowName,
        admitted.execute().then((record) => this.log(`run ${admitted.id} of ${flowName} (${trigger}): ${record.status}`, runFields(record))),
        true,
      );
    if (startNow) execute();
    else if ((this.running.get(flowName) ?? 0) < limit) {
      // A slot came free while the run was being recorded.
      this.running.set(flowName, (this.running.get(flowName) ?? 0) + 1);
      execute();
    } else {
      // The queue as it is now: other runs may have joined it during the accept's await.
      const waiting = this.waiting.get(flowName) ?? [];
      waiting.push(execute);
      this.waiting.set(flowName, waiting);
    }
    return admitted.id;
  }

  /** A run of the flow ended: its slot goes to the next waiting run, if any. */
  private release(flowName: string): void {
    const queue = this.waiting.get(flowName);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(flowName);
    if (next && !this.stopped) next();
    else this.running.set(flowName, (this.running.get(flowName) ?? 1) - 1);
  }

  /** Keeps a run's promise until it ends (stop waits for it); `counted`: it holds one of the flow's concurrency slots. */
  private track(flowName: string, work: Promise<unknown>, counted = false): void {
    const tracked = work
      .catch((error: Error) => this.log(`a run of ${flowName} failed unexpectedly: ${error.message}`, { level: 'error', flow: flowName }))
      .finally(() => {
        if (counted) this.release(flowName);
        this.inFlight.delete(tracked);
      });
    this.inFlight.add(tracked);
  }

  private async resolveSecret(placeholderText: string): Promise<string | undefined> {
    const [scan] = scanPlaceholders(placeholderText);
    if (scan?.kind !== 'placeholder') return undefined;
    const value = (await this.service.resolve(scan.placeholder)) ?? scan.placeholder.default;
    // An empty secret signs anything anyone can compute: it does not resolve.
    return value === '' ? undefined : value;
  }
}

/** A header's first value. */
function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A timestamp header's time in milliseconds: Unix seconds (Stripe, Slack) or an ISO 8601 time (Shopify). */
function timestampOf(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? '';
  if (/^\d{1,12}$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const trimmed = text.trim();
  if (encoding === 'hex') return /^[0-9a-fA-F]*$/.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : undefined;
  return /^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
}

/** A run's end as log fields: its id, flow, status and trigger (warn when records failed, error when it failed). */
function runFields(run: RunRecord): LogFields {
  const level = run.status === 'succeeded' ? 'info' : run.status === 'partial' ? 'warn' : 'error';
  return { level, run: run.id, flow: run.flow, status: run.status, trigger: run.trigger };
}
