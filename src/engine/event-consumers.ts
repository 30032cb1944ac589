import type { Log } from '../runtime/log.js';
import { createHash } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { Bundle, BundleResource } from '../compile/compile-bundle.js';
import { AmqpLinks, redactAmqpText, type AmqpLink } from '../runtime/amqp.js';
import { verifyDeadLetterExchange } from '../runtime/dead-letter.js';
import { brokerUrlOf } from '../runtime/instance-clients.js';
import { newRunId, type PreparedFlow } from '../runtime/run-flow.js';
import type { RunService } from './run-service.js';
import type { MessageCommit, MessageLedger, RunRecord } from './stores/stores.js';

/** Prefetch when the instance sets none, and the most it may set. */
const defaultPrefetch = 10;
const maxPrefetch = 1000;
const commitWindowMs = Number(process.env.WEFT_COMMIT_WINDOW_MS ?? 0);

export interface EventConsumersOptions {
  /** Committed message runs and failed attempts. */
  ledger: MessageLedger;
  /** Prepares flows and runs messages through them. */
  service: RunService;
  links: AmqpLinks;
  log: Log;
  /** Told of each message a flow dead-letters (the engine's metrics). */
  deadLettered?: (flow: string) => void;
}

/**
 * The event triggers of the applied revision: one consumer per enabled event-triggered flow, on
 * its instance's connection, prefetch from the instance's settings (bounded). A message is
 * acknowledged only after its run has committed (run record and receipt in the engine's state,
 * after every send and publish of the run succeeded); a redelivery of a committed message is
 * recognised by its id and only acknowledged. A run that fails is counted: the message goes back
 * to the queue until the flow's maxAttempts, then is rejected to the queue's dead-letter exchange
 * (checked at start-up: without one the broker would drop it). After a lost connection the
 * consumers resume on the new one; a delivery from a channel that died is never acknowledged.
 */
export class EventConsumers {
  private consumers = new Map<string, FlowConsumer>();
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  /** Counts reloads: a start or retry begun for an earlier one gives up. */
  private generation = 0;

  constructor(private readonly options: EventConsumersOptions) {}

  /** Starts the consumers of a revision's event flows, stopping those it no longer has (or changed). */
  async reload(bundle: Bundle | undefined, revision: number | null, paused: ReadonlySet<string> = new Set()): Promise<void> {
    const wanted = new Map<string, BundleResource>();
    for (const resource of bundle?.resources ?? []) {
      const spec = resource.spec as { enabled?: boolean; trigger?: { event?: unknown } };
      if (resource.kind === 'Flow' && spec.enabled !== false && spec.trigger?.event && !paused.has(resource.name)) wanted.set(resource.name, resource);
    }
    // Retries of the revision before are void from here on, even one already on its way.
    const generation = ++this.generation;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    const stopping: Promise<void>[] = [];
    for (const [name, consumer] of this.consumers) {
      if (wanted.get(name)?.sha256 === consumer.flow.sha256 && consumer.bundleSha256 === bundle?.sha256) continue;
      this.consumers.delete(name);
      stopping.push(consumer.stop());
    }
    await Promise.all(stopping);
    if (generation !== this.generation || this.stopped) return;
    const starting: Promise<void>[] = [];
    for (const [name, flow] of wanted) {
      if (!this.consumers.has(name)) starting.push(this.begin(name, flow, bundle!, revision, 0, generation));
    }
    await Promise.all(starting);
  }

  /**
   * Starts one flow's consumer. One that cannot start (broker down, queue missing, no
   * dead-letter exchange) is tried again later, with backoff up to a minute, until it starts or
   * the revision changes.
   */
  private async begin(name: string, flow: BundleResource, bundle: Bundle, revision: number | null, failures: number, generation: number): Promise<void> {
    if (generation !== this.generation || this.stopped) return;
    let consumer: FlowConsumer;
    try {
      consumer = await FlowConsumer.create(flow, bundle, revision, this.options);
    } catch (error) {
      this.options.log(`event trigger of ${name} not started: ${redactAmqpText((error as Error).message)}`);
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    this.consumers.set(name, consumer);
    try {
      await consumer.start();
      // A reload (or stop) came while it started: it belongs to a revision that is gone.
      if (generation !== this.generation || this.stopped) {
        if (this.consumers.get(name) === consumer) this.consumers.delete(name);
        await consumer.stop();
      }
    } catch (error) {
      if (this.consumers.get(name) === consumer) this.consumers.delete(name);
      await consumer.stop();
      if (generation !== this.generation || this.stopped) return;
      const delayMs = Math.min(5000 * 2 ** failures, 60_000);
      this.options.log(`event trigger of ${name} not started: ${redactAmqpText((error as Error).message)}; trying again in ${delayMs / 1000} s`);
      const timer = setTimeout(() => {
        this.retries.delete(name);
        void this.begin(name, flow, bundle, revision, failures + 1, generation);
      }, delayMs);
      timer.unref();
      this.retries.set(name, timer);
    }
  }

  /** The flows whose consumers run. */
  get flows(): string[] {
    return [...this.consumers.keys()];
  }

  /** Messages ready in each consuming flow's queue, as the broker counts them (a queue that does not answer within a second is left out). */
  async backlogs(): Promise<Map<string, number>> {
    const counts = await Promise.all([...this.consumers].map(async ([name, consumer]) => [name, await consumer.backlog().catch(() => undefined)] as const));
    return new Map(counts.filter((entry): entry is readonly [string, number] => entry[1] !== undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }
}

class FlowConsumer {
  readonly bundleSha256: string;
  private readonly queue: string;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly prefetch: number;
  private readonly link: AmqpLink;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private detach: (() => void) | undefined;
  private stopped = false;
  private running = 0;
  private readonly waiting: { channel: Channel; message: ConsumeMessage }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private commits: (MessageCommit & { channel: Channel; message: ConsumeMessage })[] = [];
  private flushing: Promise<void> | undefined;
  private attaching = false;
  private retryTimer: NodeJS.Timeout | undefined;

  /** A flow's consumer, its flow prepared by the run service (instances resolved, expressions compiled). */
  static async create(flow: BundleResource, bundle: Bundle, revision: number | null, options: EventConsumersOptions): Promise<FlowConsumer> {
    const prepared = await options.service.prepare(bundle, flow.name, revision);
    const spec = flow.spec as { trigger: { event: { instance: string } } };
    const url = brokerUrlOf(bundle, spec.trigger.event.instance, await options.service.placeholderLookup(bundle));
    return new FlowConsumer(flow, bundle, revision, options, prepared, url);
  }

  private constructor(
    readonly flow: BundleResource,
    bundle: Bundle,
    private readonly revision: number | null,
    private readonly options: EventConsumersOptions,
    private readonly prepared: PreparedFlow,
    url: string,
  ) {
    this.bundleSha256 = bundle.sha256;
    const spec = flow.spec as { concurrency?: number; trigger: { event: { instance: string; queue: string; maxAttempts?: number } } };
    this.queue = spec.trigger.event.queue;
    this.maxAttempts = spec.trigger.event.maxAttempts ?? 3;
    this.concurrency = Math.max(1, spec.concurrency ?? 1);
    const instance = bundle.resources.find((resource) => resource.kind === 'Instance' && resource.name === spec.trigger.event.instance);
    const prefetch = (instance?.spec.settings as { prefetch?: unknown } | undefined)?.prefetch;
    this.prefetch = typeof prefetch === 'number' && Number.isInteger(prefetch) && prefetch > 0 ? Math.min(prefetch, maxPrefetch) : defaultPrefetch;
    this.link = options.links.link(url);
  }

  async start(): Promise<void> {
    await this.link.start();
    const connection = this.link.connection;
    if (!connection) throw new Error(`not connected to ${this.link.where}`);
    const deadLetters = await verifyDeadLetterExchange(connection, this.queue);
    this.options.log(`consuming ${this.queue} on ${this.link.where} for ${this.flow.name} (prefetch ${this.prefetch}, dead letters to '${deadLetters || '(default exchange)'}')`);
    this.detach = this.link.onConnect((live) => void this.attach(live));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.detach?.();
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => {});
    await Promise.allSettled([...this.inFlight]);
    await this.flush();
    this.channel = undefined;
    await channel?.close().catch(() => {});
  }

  /**
   * A channel and a consumer on this connection (at start, and after every reconnection). One
   * attach at a time; a channel that closes while the connection lives (the broker cancelled
   * the consumer, a channel error) is replaced by one retry, never two.
   */
  private async attach(connection: ChannelModel): Promise<void> {
    if (this.stopped || this.attaching) return;
    this.attaching = true;
    let channel: Channel | undefined;
    try {
      channel = await connection.createChannel();
      const opened = channel;
      opened.on('error', (error: Error) => this.options.log(`${this.flow.name}: channel error: ${redactAmqpText(error.message)}`));
      opened.on('close', () => {
        if (this.channel === opened) this.channel = undefined;
        // Deliveries of this channel cannot be acknowledged any more: the broker redelivers them.
        this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((entry) => entry.channel !== opened));
        if (!this.stopped && connection === this.link.connection) this.retryAttach(connection, 500);
      });
      await opened.prefetch(this.prefetch);
      if (this.stopped) throw new Error('stopped');
      this.channel = opened;
      const { consumerTag } = await opened.consume(this.queue, (message) => {
        if (message === null) {
          // The broker cancelled the consumer (the queue was deleted): a new channel tries again.
          this.options.log(`${this.flow.name}: the broker cancelled the consumer of ${this.queue}`);
          void opened.close().catch(() => {});
          return;
        }
        this.deliver(opened, message);
      });
      this.consumerTag = consumerTag;
      if (this.stopped) await opened.cancel(consumerTag).catch(() => {});
    } catch (error) {
      if (!this.stopped) this.options.log(`${this.flow.name}: cannot consume ${this.queue}: ${redactAmqpText((error as Error).message)}; trying again`);
      // A channel that was opened retries from its 'close'; only a channel never opened retries here.
      if (channel) await channel.close().catch(() => {});
      else if (!this.stopped && connection === this.link.connection) this.retryAttach(connection, 1000);
    } finally {
      this.attaching = false;
    }
  }

  private retryAttach(connection: ChannelModel, delayMs: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped && connection === this.link.connection) void this.attach(connection);
    }, delayMs);
    this.retryTimer.unref();
  }

  /** Messages ready in the queue (not counting those delivered and not yet acknowledged). */
  async backlog(): Promise<number | undefined> {
    const channel = this.channel;
    if (!channel) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 1000)));
    try {
      return await Promise.race([channel.checkQueue(this.queue).then((queue) => queue.messageCount), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private deliver(channel: Channel, message: ConsumeMessage): void {
    if (this.stopped) return; // left unacknowledged: the broker redelivers it once the channel closes
    if (this.running >= this.concurrency) {
      this.waiting.push({ channel, message });
      return;
    }
    this.running++;
    const work = this.handle(channel, message)
      .catch((error: Error) => {
        // Not settled (the state could not be written, …): back to the queue, never left hanging.
        this.options.log(`${this.flow.name}: ${redactAmqpText(error.message)}; the message goes back to the queue`);
        this.settle(channel, (live) => live.nack(message, false, true));
      })
      .finally(() => {
        this.running--;
        this.inFlight.delete(work);
        const next = this.waiting.shift();
        if (next && !this.stopped) this.deliver(next.channel, next.message);
      });
    this.inFlight.add(work);
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const messageId = messageIdOf(message);
    // Only a redelivery can have been committed before (its acknowledgement lost) or have failed
    // runs on record: a first delivery costs no lookup. A message without a publisher-set id is
    // known by its body's digest, which two different messages may share: it is never taken for
    // committed (it runs again; its sends carry the same idempotency keys).
    const redelivered = message.fields.redelivered;
    const identified = typeof message.properties.messageId === 'string' && message.properties.messageId !== '';
    if (redelivered && identified && (await this.options.ledger.committed(this.flow.name, messageId))) {
      // Committed before (the acknowledgement was lost): acknowledge, do nothing again.
      this.settle(channel, (live) => live.ack(message));
      return;
    }
    const trigger = `event ${this.queue} (message ${messageId})`;
    let record: unknown;
    try {
      record = JSON.parse(message.content.toString('utf8'));
    } catch {
      const started = new Date().toISOString();
      const id = newRunId(new Date(started));
      const run: RunRecord = { id, flow: this.flow.name, revision: this.revision, bundleSha256: this.bundleSha256, trigger, status: 'failed', startedAt: started, finishedAt: new Date().toISOString(), steps: [], error: 'the message is not JSON', failures: [] };
      await this.options.ledger.recordFailure(messageId, run);
      await this.options.ledger.clearAttempts(this.flow.name, messageId);
      this.options.log(`run ${id} of ${this.flow.name} (${trigger}): failed, the message is not JSON; dead-lettered`, { level: 'error', run: id, flow: this.flow.name, message: messageId });
      this.options.deadLettered?.(this.flow.name);
      this.settle(channel, (live) => live.nack(message, false, false));
      return;
    }
    const run = await this.options.service.runMessage(this.prepared, { messageId, record, trigger, revision: this.revision, bundleSha256: this.bundleSha256 });
    const id = run.id;
    if (run.status === 'succeeded') {
      this.commits.push({ channel, message, messageId, run, retried: redelivered });
      await this.flush();
      return;
    }
    const attempts = await this.options.ledger.recordFailure(messageId, run);
    const reason = run.error ?? run.failures?.[0]?.error ?? run.status;
    if (attempts >= this.maxAttempts) {
      this.options.log(`run ${id} of ${this.flow.name} (${trigger}): ${run.status} (${reason}); attempt ${attempts} of ${this.maxAttempts}: dead-lettered`, { level: 'error', run: id, flow: this.flow.name, message: messageId, step: run.failures?.[0]?.step });
      this.options.deadLettered?.(this.flow.name);
      // Replayed from the dead-letter queue after a fix, it starts counting again.
      await this.options.ledger.clearAttempts(this.flow.name, messageId);
      this.settle(channel, (live) => live.nack(message, false, false));
      return;
    }
    this.options.log(`run ${id} of ${this.flow.name} (${trigger}): ${run.status} (${reason}); attempt ${attempts} of ${this.maxAttempts}: back to the queue`, { level: 'warn', run: id, flow: this.flow.name, message: messageId, step: run.failures?.[0]?.step });
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** (attempts - 1), 5000)));
    this.settle(channel, (live) => live.nack(message, false, true));
  }

  /**
   * Commits the succeeded runs gathered so far in one transaction, then acknowledges them: a
   * message is never acknowledged before its run is on disk. Runs finishing while a commit is
   * on its way go in the next one.
   */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      await new Promise((resolve) => (commitWindowMs > 0 ? setTimeout(resolve, commitWindowMs) : setImmediate(resolve)));
      while (this.commits.length > 0) {
        const batch = this.commits;
        this.commits = [];
        try {
          await this.options.ledger.commit(batch);
        } catch (error) {
          this.options.log(`${this.flow.name}: cannot record ${batch.length} run(s): ${(error as Error).message}; the messages go back to the queue`);
          for (const entry of batch) this.settle(entry.channel, (live) => live.nack(entry.message, false, true));
          continue;
        }
        for (const entry of batch) this.settle(entry.channel, (live) => live.ack(entry.message));
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Acknowledges (or rejects) on the channel the message came from, if that channel still lives. */
  private settle(channel: Channel, action: (channel: Channel) => void): void {
    if (channel !== this.channel) return; // a dead channel's delivery tag means nothing now
    try {
      action(channel);
    } catch (error) {
      this.options.log(`${this.flow.name}: cannot settle a message: ${redactAmqpText((error as Error).message)}`);
    }
  }
}

/** The message's id, or a digest of its body when the publisher set none. */
function messageIdOf(message: ConsumeMessage): string {
  const id = message.properties.messageId;
  if (typeof id === 'string' && id !== '') return id;
  return `sha256:${createHash('sha256').update(message.content).digest('hex')}`;
}
