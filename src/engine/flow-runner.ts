import { createHmac, timingSafeEqual } from 'node:crypto';
import { Cron } from 'croner';
import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { scanPlaceholders } from '../lex/placeholders.js';
import type { LocalEngine } from './local-engine.js';
import * as runtime from '../runtime/run-flow.js';
import { AmqpLinks } from '../runtime/amqp.js';
import { EventConsumers } from './event-consumers.js';

interface WebhookTrigger {
  flow: string;
  hmac?: { header: string; secret: string; algorithm?: 'sha256' | 'sha1' | 'sha512'; encoding?: 'hex' | 'base64'; prefix?: string };
  maxBodyBytes: number;
}

/** Why a webhook was refused, as an HTTP status and a message (never a secret). */
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
 * zone), webhooks and manual runs, each flow at most `spec.concurrency` runs at once. When the
 * engine's state moves to a new revision, the triggers are reloaded (no restart). Every run is
 * recorded with the revision it ran.
 */
export class FlowRunner {
  private revision = -1;
  private bundle: Bundle | undefined;
  private crons: Cron[] = [];
  private webhooks = new Map<string, WebhookTrigger>();
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private watcher: NodeJS.Timeout | undefined;
  private readonly links: AmqpLinks;
  private readonly consumers: EventConsumers;
  private consumersLoaded: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: LocalEngine,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly log: (line: string) => void = () => {},
    options: { publishTimeoutMs?: number } = {},
  ) {
    this.links = new AmqpLinks(log, options.publishTimeoutMs);
    this.consumers = new EventConsumers({ engine, env, links: this.links, log });
  }

  /** Resolves when the event consumers of the last revision loaded have started (or failed to). */
  eventsReady(): Promise<void> {
    return this.consumersLoaded;
  }

  /** The flows whose event consumers run. */
  get consuming(): string[] {
    return this.consumers.flows;
  }

  /** Loads the applied revision, and looks for a new one every `pollMs` (an apply by another process). */
  start(pollMs = 1000): void {
    this.reload();
    this.watcher = setInterval(() => this.reload(), pollMs);
    this.watcher.unref();
  }

  /** Reloads the triggers if the state moved on since they were loaded. */
  reload(): void {
    const revision = this.engine.readState().revision;
    if (revision === this.revision) return;
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    this.webhooks = new Map();
    this.revision = revision;
    this.bundle = revision > 0 ? this.engine.revisionBundle(revision) : undefined;
    for (const flow of this.bundle?.resources.filter((resource) => resource.kind === 'Flow') ?? []) {
      if (flow.spec.enabled === false) continue;
      const trigger = flow.spec.trigger as { schedule?: { cron: string; timezone?: string }; webhook?: { path: string; hmac?: WebhookTrigger['hmac']; maxBodyBytes?: number } };
      if (trigger.schedule) {
        const cron = new Cron(trigger.schedule.cron, { timezone: trigger.schedule.timezone ?? 'UTC' }, () => {
          this.start_(flow.name, `schedule ${trigger.schedule!.cron}`);
        });
        this.crons.push(cron);
      }
      if (trigger.webhook) this.webhooks.set(trigger.webhook.path, { flow: flow.name, hmac: trigger.webhook.hmac, maxBodyBytes: trigger.webhook.maxBodyBytes ?? 1_048_576 });
    }
    const events = this.bundle?.resources.filter((resource) => resource.kind === 'Flow' && resource.spec.enabled !== false && (resource.spec.trigger as { event?: unknown }).event).length ?? 0;
    this.log(`loaded revision ${revision}: ${this.crons.length} schedule${this.crons.length === 1 ? '' : 's'}, ${this.webhooks.size} webhook${this.webhooks.size === 1 ? '' : 's'}, ${events} event trigger${events === 1 ? '' : 's'}`);
    const bundle = this.bundle;
    // One reload of the consumers after another, in the order of the revisions.
    this.consumersLoaded = this.consumersLoaded.then(() => this.consumers.reload(bundle, revision > 0 ? revision : null));
  }

  /** The webhook flow of a path, its body size limit and whether it is signed. */
  webhook(path: string): WebhookTrigger | undefined {
    return this.webhooks.get(path);
  }

  /**
   * Verifies a webhook's signature over the raw body (constant time; a wrong length is a wrong
   * signature) and starts its flow with the body as the first record. Returns the run's id.
   */
  acceptWebhook(path: string, headers: Record<string, string | string[] | undefined>, body: Buffer): string {
    const hook = this.webhooks.get(path);
    if (!hook) throw new WebhookRefusal(404, `no flow listens on /hooks/${path}`);
    if (hook.hmac) {
      const secret = this.resolveSecret(hook.hmac.secret);
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
    const id = this.start_(hook.flow, `webhook /hooks/${path}`, [record]);
    if (!id) throw new WebhookRefusal(429, `flow '${hook.flow}' is at its concurrency limit`);
    return id;
  }

  /** A manual run (the admin API): its id, or undefined at the flow's concurrency limit. */
  runNow(flow: string, records?: unknown[]): string | undefined {
    if (!this.bundle?.resources.some((resource) => resource.kind === 'Flow' && resource.name === flow)) throw new WebhookRefusal(404, `the applied revision has no flow '${flow}'`);
    return this.start_(flow, 'manual (admin API)', records);
  }

  /** Waits for the runs in flight (on stop). */
  async stop(): Promise<void> {
    if (this.watcher) clearInterval(this.watcher);
    for (const cron of this.crons) cron.stop();
    await this.consumersLoaded;
    await this.consumers.stop();
    await Promise.allSettled([...this.inFlight]);
    await this.links.close();
  }

  private start_(flowName: string, trigger: string, records?: unknown[]): string | undefined {
    const bundle = this.bundle;
    const flow = bundle?.resources.find((resource) => resource.kind === 'Flow' && resource.name === flowName) as BundleResource | undefined;
    if (!bundle || !flow) return undefined;
    const limit = typeof flow.spec.concurrency === 'number' ? flow.spec.concurrency : 1;
    const running = this.running.get(flowName) ?? 0;
    if (running >= limit) {
      this.log(`skipped ${flowName} (${trigger}): ${running} run${running === 1 ? '' : 's'} already, its concurrency is ${limit}`);
      return undefined;
    }
    this.running.set(flowName, running + 1);
    const started = new Date();
    const revision = this.revision;
    const { newRunId } = runtime;
    const id = newRunId(started);
    const work = (async () => {
      const { runFlow, runRecord } = runtime;
      const outcome = await runFlow(flowName, {
        bundle,
        resolve: (placeholder) => this.engine.placeholderValue(placeholder, this.env),
        run: { id, startedAt: started.toISOString(), lastSuccessAt: this.engine.lastSuccessAt(flowName) },
        records,
        links: this.links,
      }).catch((error: Error) => ({ status: 'failed' as const, steps: [], failures: [], error: error.message }));
      const run = runRecord({ id, flow: flowName, revision, bundleSha256: bundle.sha256, trigger, started, outcome });
      this.engine.recordRun(run);
      this.log(`run ${id} of ${flowName} (${trigger}): ${run.status}`);
    })()
      // The state could not be written (another process holds it, the disk is full): said, not a crash.
      .catch((error: Error) => this.log(`run ${id} of ${flowName} (${trigger}) finished but was not recorded: ${error.message}`))
      .finally(() => {
      this.running.set(flowName, (this.running.get(flowName) ?? 1) - 1);
      this.inFlight.delete(work);
    });
    this.inFlight.add(work);
    return id;
  }

  private resolveSecret(placeholderText: string): string | undefined {
    const [scan] = scanPlaceholders(placeholderText);
    if (scan?.kind !== 'placeholder') return undefined;
    return scan.placeholder.source === 'secret' ? this.engine.readSecret(scan.placeholder.name) : (this.env[scan.placeholder.name] ?? scan.placeholder.default);
  }
}

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const trimmed = text.trim();
  if (encoding === 'hex') return /^[0-9a-fA-F]*$/.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : undefined;
  return /^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : undefined;
}
