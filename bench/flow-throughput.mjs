// The flow benchmark: `weft run` of a flow receiving N records (250 per page) through filter and
// map into send, against a simulated API in its own process, side by side with the hand-written
// baseline (bench/flow-baseline.mjs) making the same calls and transforms. Alternating runs,
// medians; peak RSS of each. Prints JSON.
//   node bench/flow-throughput.mjs [records] [runs]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, node, startApi, writeShopProject } from './flow-project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const records = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);

const { api, port } = await startApi(records);
const project = await mkdtemp(path.join(os.tmpdir(), 'weft-flow-bench-'));
try {
  await writeShopProject(project, port);
  await writeFile(
    path.join(project, 'flows', 'orders.yaml'),
    `apiVersion: weft/v1
kind: Flow
metadata: { name: orders-to-erp }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: store, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: to-sales-order
      map: '{ "externalId": "order-" & $string(id), "currency": currency, "amount": total, "email": customer.email, "items": lines.{ "item": sku, "quantity": qty } }'
    - id: create
      send: { instance: store, endpoint: createSalesOrder, concurrency: 4 }
`,
  );
  const engine = [];
  const baseline = [];
  for (let run = 0; run < runs; run++) {
    const weft = await node(['weft', 'run', 'orders-to-erp', project, '--format', 'json'], { BENCH_TOKEN: 'bench-token' });
    if (weft.code !== 0) throw new Error(`weft run failed (${weft.code}): ${weft.stdout.slice(0, 1000)}${weft.stderr.slice(0, 1000)}`);
    const sent = JSON.parse(weft.stdout).steps.at(-1).out;
    engine.push({ ms: weft.ms, rssKb: weft.maxRssKb, sent });
    const script = await node([path.join(here, 'flow-baseline.mjs'), String(port)]);
    if (script.code !== 0) throw new Error(`the baseline failed: ${script.stderr.slice(0, 1000)}`);
    baseline.push({ ms: script.ms, rssKb: script.maxRssKb, sent: JSON.parse(script.stdout).sent });
  }
  const engineMs = median(engine.map((run) => run.ms));
  const baselineMs = median(baseline.map((run) => run.ms));
  console.log(
    JSON.stringify({
      records,
      sent: engine[0].sent,
      engineMs,
      baselineMs,
      ratio: engineMs / baselineMs,
      engineRecordsPerSecond: records / (engineMs / 1000),
      baselineRecordsPerSecond: records / (baselineMs / 1000),
      engineRssKb: Math.max(...engine.map((run) => run.rssKb)),
      baselineRssKb: Math.max(...baseline.map((run) => run.rssKb)),
    }),
  );
} finally {
  api.kill('SIGTERM');
  await rm(project, { recursive: true, force: true });
}
