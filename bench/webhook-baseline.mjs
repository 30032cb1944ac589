// The webhook intake baseline: a minimal receiver doing what the engine's accept path must do —
// check the HMAC of the raw body in constant time, parse it, run the same JSONata, make one
// durable SQLite insert (synchronous=FULL, WAL) per delivery — and answer 202. Prints its port.
//   node bench/webhook-baseline.mjs <state.db> <secret>
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import jsonata from 'jsonata';
import { webhookExpression } from './webhook-project.mjs';

const [file, secret] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL, shaped TEXT)');
const insert = db.prepare('INSERT INTO deliveries (received_at, body, shaped) VALUES (?, ?, ?)');
const expression = jsonata(webhookExpression);

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(request.headers['x-signature'] ?? ''), 'hex');
    const expected = createHmac('sha256', secret).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(401).end();
      return;
    }
    const record = JSON.parse(body.toString('utf8'));
    const shaped = await expression.evaluate(record);
    insert.run(new Date().toISOString(), body.toString('utf8'), JSON.stringify(shaped ?? null));
    response.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
