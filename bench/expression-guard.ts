// What the guard of a runaway-prone expression costs (issue #13): the flow bench's map
// expression, evaluated as it is (no guard: its work is bounded by the record) and with an unused
// function of its own bound first (which makes the runtime guard it: a microtask per JSONata
// node, the clock read, the sequence limit). Alternating rounds, medians. Prints JSON.
//   node --import tsx bench/expression-guard.ts [evaluations] [rounds]
import { stepServices } from '../src/runtime/step-services.js';
import type { InstanceClients } from '../src/runtime/instance-clients.js';

const evaluations = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 5);
const map = '{ "externalId": "order-" & $string(id), "currency": currency, "amount": total, "email": customer.email, "items": lines.{ "item": sku, "quantity": qty } }';
const record = { id: 7, status: 'paid', currency: 'EUR', total: 12.5, customer: { email: 'a@example.com' }, lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }, { sku: 'c', qty: 3 }] };
const services = stepServices(undefined as unknown as InstanceClients);
const variants = { unguarded: services.expression(map, 'map'), guarded: services.expression(`($unused := function($x){ $x }; ${map})`, 'map') };
const times: Record<keyof typeof variants, number[]> = { unguarded: [], guarded: [] };
for (let round = 0; round < rounds; round++) {
  for (const [name, expression] of Object.entries(variants) as [keyof typeof variants, (typeof variants)['guarded']][]) {
    const started = performance.now();
    for (let index = 0; index < evaluations; index++) await expression.evaluate(record);
    times[name].push(performance.now() - started);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const [unguarded, guarded] = [median(times.unguarded), median(times.guarded)];
console.log(JSON.stringify({ evaluations, rounds, unguardedMs: Math.round(unguarded), guardedMs: Math.round(guarded), ratio: Number((guarded / unguarded).toFixed(2)) }));
