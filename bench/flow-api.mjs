// A simulated third-party API for the flow benchmark, in its own process so that it costs the
// engine and the baseline alike: GET /orders?cursor=&limit=250 pages through N generated orders
// (cursor pagination, bearer token), POST /sales-orders accepts one record. Prints its port.
//   node bench/flow-api.mjs <records>
import { createServer } from 'node:http';

const total = Number(process.argv[2] ?? 100_000);
let posted = 0;
const server = createServer((request, response) => {
  if (request.headers.authorization !== 'Bearer bench-token') {
    response.writeHead(401);
    return response.end();
  }
  if (request.method === 'GET' && request.url.startsWith('/orders')) {
    const url = new URL(request.url, 'http://api');
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 250);
    const items = [];
    for (let id = cursor + 1; id <= Math.min(total, cursor + limit); id++) {
      items.push({ id, status: id % 4 === 0 ? 'cancelled' : 'paid', currency: 'GBP', total: (id % 997) + 0.5, customer: { email: `c${id % 5000}@example.com`, name: `Customer ${id % 5000}` }, lines: [{ sku: `SKU-${id % 300}`, qty: 1 + (id % 3) }] });
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end(JSON.stringify({ orders: items, next: cursor + limit < total ? cursor + limit : null }));
  }
  if (request.method === 'POST' && request.url === '/sales-orders') {
    request.resume();
    request.on('end', () => {
      posted++;
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    return;
  }
  if (request.url === '/count') {
    response.writeHead(200);
    return response.end(String(posted));
  }
  response.writeHead(404);
  response.end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => process.exit(0));
