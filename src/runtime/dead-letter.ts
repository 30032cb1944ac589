import type { ChannelModel } from 'amqplib';
import { redactAmqpText } from './amqp.js';

/** A queue that cannot be consumed safely: missing, or without a dead-letter exchange. */
export class QueueProblem extends Error {}

const sentinel = 'weft-probe-not-a-dead-letter-exchange';

/**
 * The dead-letter exchange of an existing queue, checked to exist. AMQP has no way to read a
 * queue's arguments, so the queue is declared again with a dead-letter exchange it cannot have:
 * the broker refuses (406 PRECONDITION_FAILED) and says what the queue's own value is ("current
 * is none" when there is none). A refusal about another argument (durable, a message TTL, …)
 * teaches that argument's value, and the declaration is tried again with it. A queue whose
 * dead-letter exchange is missing is a QueueProblem: rejected messages would be dropped.
 * (A dead-letter exchange set by a broker policy is invisible to AMQP and reads as missing.)
 */
export async function verifyDeadLetterExchange(connection: ChannelModel, queue: string): Promise<string> {
  await onChannel(connection, (channel) => channel.checkQueue(queue)).catch((error: Error) => {
    throw new QueueProblem(`queue '${queue}' does not exist on the broker (${brokerReason(error)}); weft consumes queues, it does not create them`);
  });
  const options: { durable: boolean; exclusive: boolean; autoDelete: boolean; arguments: Record<string, unknown> } = { durable: true, exclusive: false, autoDelete: false, arguments: {} };
  for (let attempt = 0; attempt < 16; attempt++) {
    let refusal: string;
    try {
      await onChannel(connection, (channel) => channel.assertQueue(queue, { ...options, arguments: { ...options.arguments, 'x-dead-letter-exchange': sentinel } }));
      throw new QueueProblem(`queue '${queue}': its dead-letter exchange could not be read`);
    } catch (error) {
      if (error instanceof QueueProblem) throw error;
      refusal = (error as Error).message;
    }
    const match = /inequivalent arg '([^']+)'.*?but current is (?:(none)|'([^']*)'|the value '([^']*)' of type '(\w+)')/.exec(refusal);
    if (!match) throw new QueueProblem(`queue '${queue}': its dead-letter exchange could not be read (${brokerReason(new Error(refusal))})`);
    const [, name, none, flag, value, type] = match;
    if (name === 'x-dead-letter-exchange') {
      // "current is 'dlx'" or "current is the value 'dlx' of type 'longstr'", or none.
      const exchange = value ?? flag;
      if (none || exchange === undefined) throw new QueueProblem(`queue '${queue}' has no dead-letter exchange: a message weft rejects would be dropped; declare the queue with x-dead-letter-exchange`);
      // '' is the default exchange (with x-dead-letter-routing-key naming a queue): always there.
      if (exchange !== '') {
        await onChannel(connection, (channel) => channel.checkExchange(exchange)).catch((error: Error) => {
          throw new QueueProblem(`queue '${queue}': its dead-letter exchange '${exchange}' does not exist (${brokerReason(error)})`);
        });
      }
      return exchange;
    }
    if (name === 'durable' || name === 'exclusive' || name === 'auto_delete') {
      options[name === 'auto_delete' ? 'autoDelete' : name] = flag === 'true';
      continue;
    }
    if (none || value === undefined) throw new QueueProblem(`queue '${queue}': its dead-letter exchange could not be read (argument '${name}')`);
    options.arguments[name!] = /^(long|signedint|short|byte|unsignedbyte|unsignedshort|unsignedint)$/.test(type!) ? Number(value) : type === 'bool' ? value === 'true' : value;
  }
  throw new QueueProblem(`queue '${queue}': its dead-letter exchange could not be read (too many arguments)`);
}

/** Runs one operation on a channel of its own (a refused one closes the channel, not the connection). */
async function onChannel<T>(connection: ChannelModel, operation: (channel: Awaited<ReturnType<ChannelModel['createChannel']>>) => Promise<T>): Promise<T> {
  const channel = await connection.createChannel();
  channel.on('error', () => {});
  try {
    return await operation(channel);
  } finally {
    await channel.close().catch(() => {});
  }
}

function brokerReason(error: Error): string {
  const text = redactAmqpText(error.message);
  const quoted = /with message "([^"]*)"/.exec(text);
  return quoted ? quoted[1]! : text;
}
