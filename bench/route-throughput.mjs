// The route benchmark (flow shapes): one flow whose route sends each paid order down one of three
// routes (by total), each mapping and sending it, against the same work written as three straight
// flows (each receiving every order, filtering its third, mapping and sending) run one after the
// other: what a user without route would deploy. A stricter baseline too: one straight flow doing
// the same sends with the band worked out in its map (no route at all), which is the route's own
// overhead. Alternating runs, medians; the route flow's peak RSS at each size, and whether it still
// completes with V8's old space capped at 40 MB, show whether memory stays flat. Prints JSON, one
// line per size.
//   node bench/route-throughput.mjs [records,records...] [runs]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { median, node, startApi, writeShopProject } from './flow-project.mjs';

const sizes = String(process.argv[2] ?? '10000,100000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);

const bands = [
  { name: 'small', when: 'total < 300' },
  { name: 'medium', when: 'total >= 300 and total < 700' },
  { name: 'large', when: 'total >= 700' },
];
const map = (band) => `'{ "externalId": "order-" & $string(id), "band": "${band}", "currency": currency, "amount": total, "email": customer.email, "items": lines.{ "item": sku, "quantity": qty } }'`;

const routed = `apiVersion: weft/v1
kind: Flow
metadata: { name: routed }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: store, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: by-total
      route:
        routes:
${bands
  .map(
    (band) => `          - name: ${band.name}
            when: ${band.when}
            steps:
              - id: shape-${band.name}
                map: ${map(band.name)}
              - id: send-${band.name}
                send: { instance: store, endpoint: createSalesOrder, concurrency: 4 }`,
  )
  .join('\n')}
`;
const straight = (band) => `apiVersion: weft/v1
kind: Flow
metadata: { name: straight-${band.name} }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: store, endpoint: listOrders }
    - id: paid
      filter: status = 'paid' and ${band.when}
    - id: shape
      map: ${map(band.name)}
    - id: send
      send: { instance: store, endpoint: createSalesOrder, concurrency: 4 }
`;

const inline = `apiVersion: weft/v1
kind: Flow
metadata: { name: inline }
spec:
  trigger: { manual: {} }
  steps:
    - id: fetch
      receive: { instance: store, endpoint: listOrders }
    - id: paid
      filter: status = 'paid'
    - id: shape
      map: ${map('" & (total < 300 ? "small" : total < 700 ? "medium" : "large") & "')}
    - id: send
      send: { instance: store, endpoint: createSalesOrder, concurrency: 4 }
`;

const env = { BENCH_TOKEN: 'bench-token' };
async function weftRun(project, flow, extraEnv = {}) {
  const result = await node(['weft', 'run', flow, project, '--format', 'json'], { ...env, ...extraEnv });
  if (result.code !== 0) throw new Error(`weft run ${flow} failed (${result.code}): ${result.stdout.slice(0, 1000)}${result.stderr.slice(0, 1000)}`);
  const run = JSON.parse(result.stdout);
  const sent = run.steps.filter((step) => step.kind === 'send').reduce((sum, step) => sum + step.out, 0);
  return { ms: result.ms, rssKb: result.maxRssKb, sent };
}

for (const records of sizes) {
  const { api, port } = await startApi(records);
  const project = await mkdtemp(path.join(os.tmpdir(), 'weft-route-bench-'));
  try {
    await writeShopProject(project, port);
    await writeFile(path.join(project, 'flows', 'routed.yaml'), routed);
    for (const band of bands) await writeFile(path.join(project, 'flows', `straight-${band.name}.yaml`), straight(band));
    await writeFile(path.join(project, 'flows', 'inline.yaml'), inline);
    const route = [];
    const three = [];
    const one = [];
    for (let run = 0; run < runs; run++) {
      route.push(await weftRun(project, 'routed'));
      one.push(await weftRun(project, 'inline'));
      const parts = [];
      for (const band of bands) parts.push(await weftRun(project, `straight-${band.name}`));
      three.push({ ms: parts.reduce((sum, part) => sum + part.ms, 0), rssKb: Math.max(...parts.map((part) => part.rssKb)), sent: parts.reduce((sum, part) => sum + part.sent, 0) });
    }
    if (route[0].sent !== three[0].sent || route[0].sent !== one[0].sent) throw new Error(`the route sent ${route[0].sent} records, the three flows ${three[0].sent}, the one flow ${one[0].sent}`);
    const routeMs = median(route.map((run) => run.ms));
    const straightMs = median(three.map((run) => run.ms));
    const oneFlowMs = median(one.map((run) => run.ms));
    // Memory that stays flat whatever the size: the route run again with V8's old space capped at 40 MB.
    const capped = await weftRun(project, 'routed', { NODE_OPTIONS: '--max-old-space-size=40' }).then(
      (run) => run.sent === route[0].sent,
      () => false,
    );
    console.log(
      JSON.stringify({
        records,
        sent: route[0].sent,
        routeMs,
        straightMs,
        ratio: routeMs / straightMs,
        oneFlowMs,
        ratioToOneFlow: routeMs / oneFlowMs,
        routeRssKb: Math.max(...route.map((run) => run.rssKb)),
        completesIn40MbHeap: capped,
        straightRssKb: Math.max(...three.map((run) => run.rssKb)),
      }),
    );
  } finally {
    api.kill('SIGTERM');
    await rm(project, { recursive: true, force: true });
  }
}
