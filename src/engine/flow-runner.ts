import { createHmac, timingSafeEqual } from 'node:crypto';
import { Cron } from 'croner';
import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { scanPlaceholders } from '../lex/placeholders.js';
import { AmqpLinks } from '../runtime/amqp.js';
import { EventConsumers } from './event-consumers.js';
import type { LocalEngine } from './local-engine.js';
import type { RunPass } from './stores/stores.js';
import type { RunService, RunStart } from './run-service.js';

/** How many accepted runs of one flow may wait for a slot; beyond it a webhook gets 429. */
const maxWaitingRuns = 10_000;

interface WebhookTrigger {
  flow: string;
  hmac?: { header: string; secret: string; algorithm?: 'sha256' | 'sha1' | 'sha512'; encoding?: 'hex' | 'base64'; prefix?: string };
  maxBodyBytes: number;
}

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

  constructor(
    private readonly engine: LocalEngine,
    private readonly log: (line: string) => void = () => {},
    options: { publishTimeoutMs?: number } = {},
  ) {
    this.links = new AmqpLinks(log, options.publishTimeoutMs);
    this.service = engine.runService({ links: this.links, log });
    this.consumers = new EventConsumers({ ledger: engine.stores.ledger, service: this.service, links: this.links, log });
  }

  /** Resolves when the event consumers of the last revision loaded have started (or failed to). */
  async eventsReady(): Promise<void> {
    await this.reloading;
    await this.consumersLoaded;
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
    await this.resumeInterrupted();
    this.watcher = setInterval(() => void this.reload(), pollMs);
    this.watcher.unref();
  }

  /** Reloads the triggers if the state moved on since they were loaded (one reload at a time). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow()).catch((error: Error) => this.log(`cannot load the applied revision: ${error.message}`));
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    if (this.stopped) return;
    const revision = await this.engine.stores.state.revision();
    if (revision === this.revision) return;
    const bundle = revision > 0 ? await this.engine.stores.state.revisionBundle(revision) : undefined;
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    this.webhooks = new Map();
    this.revision = revision;
    this.bundle = bundle;
    for (const flow of bundle?.resources.filter((resource) => resource.kind === 'Flow') ?? []) {
      if (flow.spec.enabled === false) continue;
      const trigger = flow.spec.trigger as { schedule?: { cron: string; timezone?: string }; webhook?: { path: string; hmac?: WebhookTrigger['hmac']; maxBodyBytes?: number } };
      if (trigger.schedule) {
        const cron = new Cron(trigger.schedule.cron, { timezone: trigger.schedule.timezone ?? 'UTC' }, () => {
          void this.begin(flow.name, `schedule ${trigger.schedule!.cron}`).catch((error: Error) => this.log(`schedule of ${flow.name}: ${error.message}`));
        });
        this.crons.push(cron);
      }
      if (trigger.webhook) this.webhooks.set(trigger.webhook.path, { flow: flow.name, hmac: trigger.webhook.hmac, maxBodyBytes: trigger.webhook.maxBodyBytes ?? 1_048_576 });
    }
    const events = bundle?.resources.filter((resource) => resource.kind === 'Flow' && resource.spec.enabled !== false && (resource.spec.trigger as { event?: unknown }).event).length ?? 0;
    this.log(`loaded revision ${revision}: ${this.crons.length} schedule${this.crons.length === 1 ? '' : 's'}, ${this.webhooks.size} webhook${this.webhooks.size === 1 ? '' : 's'}, ${events} event trigger${events === 1 ? '' : 's'}`);
    // One reload of the consumers after another, in the order of the revisions.
    this.consumersLoaded = this.consumersLoaded.then(() => this.consumers.reload(bundle, revision > 0 ? revision : null));
  }

  /**
   * Runs of triggers that a crash interrupted go on from what they had committed, with the
   * bundle of the revision they ran (a run of a working tree waits for weft runs resume).
   */
  private async resumeInterrupted(): Promise<void> {
    for (const { run } of await this.service.interrupted()) {
      if (run.revision === null) {
        this.log(`run ${run.id} of ${run.flow} (${run.trigger}) was interrupted; resume it with weft runs resume ${run.id}`);
        continue;
      }
      const bundle = await this.engine.stores.state.revisionBundle(run.revision);
      if (!bundle) continue;
      this.track(
        run.flow,
        this.service.resume(run.id, bundle).then((record) => {
          if (record) this.log(`run ${record.id} of ${record.flow} (${record.trigger}): ${record.status} (resumed)`);
        }),
      );
    }
  }

  /** The webhook flow of a path, its body size limit and whether it is signed. */
  webhook(path: string): WebhookTrigger | undefined {
    return this.webhooks.get(path);
  }

  /**
   * Verifies a webhook's signature over the raw body (constant time; a wrong length is a wrong
   * signature), and accepts a run of its flow with the body as the first record: the run and its
   * payload are on disk when this resolves with the run's id (then answer 202).
   */
  async acceptWebhook(path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<string> {
    const hook = this.webhooks.get(path);
    if (!hook) throw new WebhookRefusal(404, `no flow listens on /hooks/${path}`);
    if (hook.hmac) {
      const secret = await this.resolveSecret(hook.hmac.secret);
      if (secret === undefined) throw new WebhookRefusal(500, 'the webhook secret does not resolve in the engine');
      const header = headers[hook.hmac.header.toLowerCase()];
      const given = (Array.isArray(header) ? header[0] : header) ?? '';
      const prefix = hook.hmac.prefix ?? '';
      const expected = createHmac(hook.hmac.algorithm ?? 'sha256', secret).update(body).digest();
      const signature = given.startsWith(prefix) ? decode(given.slice(prefix.length), hook.hmac.encoding ?? 'hex') : undefined;
      if (!signature || signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new WebhookRefusal(401, 'the signature does not match');
    }
    let record: unknown;
    try {
      record = JSON.parse(body.toString('utf8'));
    } catch {
      throw new WebhookRefusal(400, 'the body is not JSON');
    }
    const id = await this.begin(hook.flow, `webhook /hooks/${path}`, [{ records: [record] }]);
    if (!id) throw new WebhookRefusal(429, `flow '${hook.flow}' is at its concurrency limit`);
    return id;
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
    const handle = await this.service.accept(start);
    this.track(start.flow, handle.done);
    return handle.id;
  }

  /** Goes on with an interrupted run in the background (weft runs resume with a remote engine). */
  resumeRun(id: string, flow: string, bundle: Bundle): void {
    this.track(flow, this.service.resume(id, bundle));
  }

  /** The engine's run service (retries are worked out by it). */
  get runs(): RunService {
    return this.service;
  }

  /** Waits for the runs in flight (on stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watcher) clearInterval(this.watcher);
    for (const cron of this.crons) cron.stop();
    await this.reloading;
    await this.consumersLoaded;
    await this.consumers.stop();
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
  private async begin(flowName: string, trigger: string, passes?: RunPass[]): Promise<string | undefined> {
    const bundle = this.bundle;
    const flow = bundle?.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName) as BundleResource | undefined;
    if (!bundle || !flow) return undefined;
    const limit = typeof flow.spec.concurrency === 'number' ? flow.spec.concurrency : 1;
    const running = this.running.get(flowName) ?? 0;
    const queue = this.waiting.get(flowName) ?? [];
    if (running >= limit && (passes === undefined || queue.length >= maxWaitingRuns)) {
      this.log(`skipped ${flowName} (${trigger}): ${running} run${running === 1 ? '' : 's'} already, its concurrency is ${limit}${passes ? `, and ${queue.length} wait` : ''}`);
      return undefined;
    }
    // Counted before the accept's await: runs accepted together cannot all take the last slot.
    const startNow = running < limit;
    if (startNow) this.running.set(flowName, running + 1);
    let admitted: Awaited<ReturnType<RunService['admit']>>;
    try {
      admitted = await this.service.admit({ bundle, revision: this.revision, flow: flowName, trigger, passes });
    } catch (error) {
      if (startNow) this.release(flowName);
      throw error;
    }
    const execute = () =>
      this.track(
        flowName,
        admitted.execute().then((record) => this.log(`run ${admitted.id} of ${flowName} (${trigger}): ${record.status}`)),
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
      .catch((error: Error) => this.log(`a run of ${flowName} failed unexpectedly: ${error.message}`))
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

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const trimmed = text.trim();
  if (encoding === 'hex') return /^[0-9a-fA-F]*$/.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : undefined;
  return /^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
}
