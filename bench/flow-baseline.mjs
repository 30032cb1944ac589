// The hand-written baseline of the flow benchmark: the same HTTP calls and JSONata transforms
// as the benchmark's flow, with no engine: page through the orders, filter and map each page,
// POST each record with 4 requests in flight, one page at a time.
//   node bench/flow-baseline.mjs <api port>
import { request } from 'node:http';
import jsonata from 'jsonata';

const port = Number(process.argv[2]);
const filter = jsonata("status = 'paid'");
const map = jsonata('{ "externalId": "order-" & $string(id), "currency": currency, "amount": total, "email": customer.email, "items": lines.{ "item": sku, "quantity": qty } }');

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { authorization: 'Bearer bench-token', accept: 'application/json', ...(body && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) } }, (incoming) => {
      const chunks = [];
      incoming.on('data', (chunk) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

let cursor = 0;
let sent = 0;
for (;;) {
  const page = JSON.parse((await call('GET', `/orders?limit=250${cursor ? `&cursor=${cursor}` : ''}`)).body);
  const records = [];
  for (const order of page.orders) if (await filter.evaluate(order)) records.push(await map.evaluate(order));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < records.length) {
        const record = records[next++];
        const response = await call('POST', '/sales-orders', JSON.stringify(record));
        if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
        sent++;
      }
    }),
  );
  if (page.next === null) break;
  cursor = page.next;
}
console.log(JSON.stringify({ sent }));
