// The hand-written baseline of the event benchmark: a minimal amqplib consumer/publisher doing
// the same work as the benchmark's flow, with no engine: consume the input queue (same prefetch),
// apply the same JSONata map, publish the result persistent and mandatory on a confirm channel,
// acknowledge the input once the broker confirmed. Exits after `count` messages.
//   node bench/event-baseline.mjs <amqp url> <count> <prefetch>
import { connect } from 'amqplib';
import jsonata from 'jsonata';

const [url, countText, prefetchText] = process.argv.slice(2);
const count = Number(countText);
const map = jsonata('{ "orderId": id, "total": $sum(lines.(qty * price)), "currency": currency, "lines": $count(lines) }');
const connection = await connect(url);
const consume = await connection.createChannel();
const publish = await connection.createConfirmChannel();
await consume.prefetch(Number(prefetchText));
let done = 0;
await new Promise((resolve, reject) => {
  consume.consume('bench.in', (message) => {
    if (!message) return reject(new Error('consumer cancelled'));
    (async () => {
      const record = await map.evaluate(JSON.parse(message.content.toString('utf8')));
      await new Promise((confirmed, refused) =>
        publish.publish('bench.out', 'order', Buffer.from(JSON.stringify(record)), { persistent: true, mandatory: true, contentType: 'application/json', messageId: message.properties.messageId }, (error) =>
          error ? refused(error) : confirmed(),
        ),
      );
      consume.ack(message);
      if (++done === count) resolve();
    })().catch(reject);
  });
});
await connection.close();
console.log(JSON.stringify({ handled: done }));
