import { loadOnDemand } from './load-on-demand.js';
import type { Channel, ChannelModel, ConfirmChannel, Message, RecoveringChannelModel } from 'amqplib';

/**
 * One broker connection (an event instance's URL), re-established with backoff when it is lost
 * (amqplib's recovery). Whoever needs channels registers with `onConnect`: it is called on every
 * (re)connection with the live connection, so consumers resume and publishers take a new
 * confirm channel. Messages in errors name the broker without its user and password.
 */
export class AmqpLink {
  private model: RecoveringChannelModel | undefined;
  private current: ChannelModel | undefined;
  private readonly listeners = new Set<(connection: ChannelModel) => void>();
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The broker as it may be printed: scheme, host, port and vhost. */
  get where(): string {
    return redactAmqpUrl(this.url);
  }

  /** Connects (once; later calls wait for the same connection). Rejects when the first connection fails. */
  start(): Promise<void> {
    this.connecting ??= (async () => {
      // Loaded when a flow first talks to a broker: `weft run` of an HTTP flow never pays for it.
      const { connect } = await import('amqplib');
      const model = await connect(this.url, {
        recovery: { initialDelay: 100, maxDelay: 5000, factor: 2, jitter: 0.2, initialMaxRetries: 2, waitForConnect: false },
      });
      this.model = model;
      model.on('connect', (connection: ChannelModel) => {
        this.current = connection;
        for (const listener of this.listeners) listener(connection);
      });
      model.on('disconnect', (error: Error) => {
        this.current = undefined;
        if (!this.closed) this.log(`lost the connection to ${this.where}: ${redactAmqpText(error?.message ?? 'closed')}; reconnecting`);
      });
      model.on('reconnect-scheduled', () => {});
      model.on('error', () => {});
      try {
        await model.waitForConnect();
      } catch (error) {
        throw new Error(`cannot connect to ${this.where}: ${redactAmqpText((error as Error).message)}`);
      }
    })();
    // A first connection that failed is not kept: the next start() tries afresh.
    this.connecting.catch(() => {
      this.connecting = undefined;
      const model = this.model;
      this.model = undefined;
      void model?.close().catch(() => {});
    });
    return this.connecting;
  }

  /** Calls `listener` with the connection now (if connected) and on every reconnection. */
  onConnect(listener: (connection: ChannelModel) => void): () => void {
    this.listeners.add(listener);
    if (this.current) listener(this.current);
    return () => this.listeners.delete(listener);
  }

  get connection(): ChannelModel | undefined {
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.model?.close().catch(() => {});
  }
}

/** A publish that did not reach a queue for sure: returned, nacked, timed out or cut off. */
export class PublishError extends Error {}

/** What a publish step publishes through: a broker's confirm channel, or `weft test`'s in-process broker. */
export interface MessagePublisher {
  publish(exchange: string, routingKey: string, content: Buffer, options: { messageId: string; headers?: Record<string, unknown> }): Promise<void>;
}

/**
 * Publishes through a confirm channel: persistent messages with `mandatory`, each settled when
 * the broker confirms it. A message the broker returns (no queue bound for its routing key),
 * nacks, or does not confirm within `timeoutMs`, or a channel that closes first, is a
 * PublishError. The channel is opened again on the next publish after it closed.
 */
export class AmqpPublisher implements MessagePublisher {
  private channel: Promise<ConfirmChannel> | undefined;
  private ready: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();
  private readonly pending = new Map<string, (error: Error) => void>();

  constructor(
    private readonly link: AmqpLink,
    private readonly timeoutMs = 10_000,
  ) {}

  async publish(exchange: string, routingKey: string, content: Buffer, options: { messageId: string; headers?: Record<string, unknown> }): Promise<void> {
    // The open channel at once; otherwise connect (once) and open it.
    let channel: ConfirmChannel | undefined = this.ready;
    if (!channel) {
      await this.link.start();
      channel = await this.open();
    }
    const open = channel;
    return new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(options.messageId);
        this.returned.delete(options.messageId);
        reject(error);
      };
      const timer = setTimeout(() => fail(new PublishError(`the broker did not confirm the message within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending.set(options.messageId, fail);
      try {
        open.publish(
          exchange,
          routingKey,
          content,
          { persistent: true, mandatory: true, contentType: 'application/json', messageId: options.messageId, headers: options.headers, timestamp: Math.floor(Date.now() / 1000) },
          (error: unknown) => {
            if (!this.pending.has(options.messageId)) return;
            clearTimeout(timer);
            this.pending.delete(options.messageId);
            if (error) return reject(new PublishError(`the broker refused the message (nack)`));
            if (this.returned.delete(options.messageId)) {
              return reject(new PublishError(`no queue is bound to exchange '${exchange || '(default)'}' for routing key '${routingKey}': the broker returned the message`));
            }
            resolve();
          },
        );
      } catch (error) {
        fail(new PublishError(`cannot publish: ${redactAmqpText((error as Error).message)}`));
      }
    });
  }

  private open(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    const connection = this.link.connection;
    if (!connection) return Promise.reject(new PublishError(`not connected to ${this.link.where}`));
    const opening = connection.createConfirmChannel().then((channel) => {
      // A return comes before the confirm of the same message.
      channel.on('return', (message: Message) => {
        const id = message.properties.messageId;
        if (typeof id === 'string' && this.pending.has(id)) this.returned.add(id);
      });
      const closed = (error?: Error) => {
        if (this.channel === opening) this.channel = undefined;
        if (this.ready === channel) this.ready = undefined;
        const reason = error?.message ? redactAmqpText(error.message) : 'the channel closed';
        for (const fail of [...this.pending.values()]) fail(new PublishError(`${reason}; the message may not have been published`));
        this.returned.clear();
      };
      channel.on('error', closed);
      channel.on('close', () => closed());
      this.ready = channel;
      return channel;
    });
    this.channel = opening;
    opening.catch(() => {
      if (this.channel === opening) this.channel = undefined;
    });
    return opening;
  }
}

/** amqp(s)://host:port/vhost without user and password. */
export function redactAmqpUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname === '' ? '/' : url.pathname}`;
  } catch {
    return 'the broker (its URL does not parse)';
  }
}

/** Removes credentials from URLs that may appear in amqplib's messages. */
export function redactAmqpText(text: string): string {
  return text.replace(/(amqps?:\/\/)[^@\s/]*@/g, '$1');
}

/**
 * A stable id for what a run sends or publishes for a record: the same flow, input message (or
 * run), step and record give the same id; two flows handling copies of one message do not.
 */
export function derivedMessageId(flow: string, source: string, step: string, index: number): string {
  return sha256()('sha256').update(`${flow}\u0000${source}\u0000${step}\u0000${index}`).digest('hex').slice(0, 32);
}

let createHash: typeof import('node:crypto').createHash | undefined;

/**
 * node:crypto on first use: the send and publish steps are in the registry that `weft validate`
 * loads, and loading node:crypto is several milliseconds of its start-up.
 */
function sha256(): typeof import('node:crypto').createHash {
  return (createHash ??= loadOnDemand<typeof import('node:crypto')>('node:crypto').createHash);
}

export type { Channel, ChannelModel, Message };

/** Broker connections by URL, shared by a flow's publishers and the engine's consumers. */
export class AmqpLinks {
  private readonly links = new Map<string, AmqpLink>();
  private readonly publishers = new Map<string, AmqpPublisher>();

  constructor(
    private readonly log: (line: string) => void = () => {},
    /** How long a publish waits for the broker's confirm before it is a failed record. */
    private readonly publishTimeoutMs = 10_000,
  ) {}

  link(url: string): AmqpLink {
    let link = this.links.get(url);
    if (!link) this.links.set(url, (link = new AmqpLink(url, this.log)));
    return link;
  }

  publisher(url: string): AmqpPublisher {
    let publisher = this.publishers.get(url);
    if (!publisher) this.publishers.set(url, (publisher = new AmqpPublisher(this.link(url), this.publishTimeoutMs)));
    return publisher;
  }

  async close(): Promise<void> {
    const links = [...this.links.values()];
    this.links.clear();
    this.publishers.clear();
    await Promise.all(links.map((link) => link.close()));
  }
}
