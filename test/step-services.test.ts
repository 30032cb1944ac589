import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import jsonata from 'jsonata';
import { ExpressionError, defaultExpressionLimits, describeJsonataError, mayRunAway, settleEach, stepServices } from '../src/runtime/step-services.js';
import type { InstanceClients } from '../src/runtime/instance-clients.js';

/** What steps get from the runtime: JSONata expressions bounded in time, depth and size, and sharing the event loop. */
const test = suite('step-services');

/** Expressions never touch the instance clients. */
const services = () => stepServices(undefined as unknown as InstanceClients);

async function failure(promise: Promise<unknown>): Promise<ExpressionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.instance(error, ExpressionError);
  return error as ExpressionError;
}

/** While `work` runs: how many turns a 1 ms interval got, and the longest gap between them. */
async function turnsDuring(work: () => Promise<unknown>): Promise<{ ticks: number; longest: number }> {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 1);
  try {
    await work().catch(() => undefined);
  } finally {
    clearInterval(ticker);
  }
  // A loop that never turned has no tick at all: the gap up to now counts.
  return { ticks, longest: Math.max(longest, performance.now() - last) };
}

test('a function calling itself for ever stops at the time limit, with an error that names the limit', async () => {
  const expression = services().expression('($loop := function($n){ $loop($n + 1) }; $loop(0))', 'map', { timeoutMs: 300 });
  const started = performance.now();
  const error = await failure(expression.evaluate({}));
  const took = performance.now() - started;
  assert.ok(took >= 290 && took < 3000, `stopped after ${took.toFixed(0)} ms`);
  // Where it was when stopped: somewhere in the loop.
  assert.match(error.message, /^map expression at position \d+ \(near '\w+'\): Evaluation timeout after 300 milliseconds\. Check for infinite loop \[D1012\]; if the expression is meant to go further, raise the step's limits\.timeoutMs$/);
});

test('the default time limit applies without limits', async () => {
  // The defaults the schema and the docs state.
  assert.equal(defaultExpressionLimits, { timeoutMs: 2000, maxDepth: 5000, maxSequence: 100_000 });
  const started = performance.now();
  const error = await failure(services().expression('($loop := function($n){ $loop($n + 1) }; $loop(0))', 'filter').evaluate({}));
  const took = performance.now() - started;
  assert.match(error.message, /^filter expression at position \d+ \(near '\w+'\): Evaluation timeout after 2000 milliseconds/);
  assert.ok(took >= 1990 && took < 6000, `stopped after ${took.toFixed(0)} ms`);
});

test('deep recursion stops at the depth limit; within it the same function answers', async () => {
  const text = '($depth := function($n){ $n <= 0 ? 0 : 1 + $depth($n - 1) }; $depth(n))';
  const shallow = services().expression(text, 'map', { maxDepth: 1000 });
  assert.is(await shallow.evaluate({ n: 50 }), 50);
  const error = await failure(shallow.evaluate({ n: 100_000 }));
  assert.match(error.message, /^map expression at position \d+ \(near '\w+'\): Stack overflow\. .* \[D1011\]; if the expression is meant to go further, raise the step's limits\.maxDepth$/);
  // The default allows a recursion of a thousand calls.
  assert.is(await services().expression(text, 'map').evaluate({ n: 1000 }), 1000);
});

test('[1..1e7].[1..1e7] is refused at once instead of filling the memory; a raised limit allows a larger range', async () => {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const error = await failure(services().expression('[1..1e7].[1..1e7]', 'map').evaluate({}));
  assert.ok(performance.now() - started < 500);
  assert.match(error.message, /The maximum sequence length of 100000 was exceeded\. \[D2015\]; if the expression is meant to go further, raise the step's limits\.maxSequence$/);
  assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024);
  const small = services().expression('$count([1..n])', 'map', { maxSequence: 10 });
  assert.is(await small.evaluate({ n: 10 }), 10);
  assert.match((await failure(small.evaluate({ n: 11 }))).message, /\[D2015\]/);
  assert.is(await services().expression('$count([1..n])', 'map', { maxSequence: 2_000_000 }).evaluate({ n: 1_500_000 }), 1_500_000);
});

test('an expression cannot lift its own time limit by binding the name it might be kept under', async () => {
  for (const text of [
    '($__weft_deadline := {"at": 1e300}; $loop := function($n){ $loop($n + 1) }; $loop(0))',
    '(function($__weft_deadline){ ($loop := function($n){ $loop($n + 1) }; $loop(0)) })(null)',
  ]) {
    const started = performance.now();
    const error = await failure(services().expression(text, 'map', { timeoutMs: 200 }).evaluate({}));
    assert.match(error.message, /Evaluation timeout after 200 milliseconds/);
    assert.ok(performance.now() - started < 1500, text);
  }
});

test('an evaluation that allocates fast is stopped by its heap growth before the time limit', async () => {
  const started = performance.now();
  const error = await failure(services().expression('$count($map([1..100000], function($i){ [1..100000] }))', 'map', { timeoutMs: 60_000 }).evaluate({}));
  assert.match(error.message, /Evaluation stopped: it took over 512 MiB of memory \[heap-limit\]$/);
  assert.ok(performance.now() - started < 30_000);
  global.gc?.();
});

test('a long evaluation gives the event loop a turn every few milliseconds', async () => {
  const expression = services().expression('($loop := function($n){ $loop($n + 1) }; $loop(0))', 'map', { timeoutMs: 1000 });
  const { ticks, longest } = await turnsDuring(() => expression.evaluate({}));
  // Without the turns: one tick at most, and a gap of the whole second. The bounds allow for a
  // machine busy with other processes (gaps of 90 ms seen under a load of 3 per core).
  assert.ok(ticks >= 20, `the event loop turned ${ticks} times in a second`);
  assert.ok(longest < 250, `the event loop stalled for ${longest.toFixed(0)} ms`);
});

test('limits are per step: the same text with other limits is another compiled expression', async () => {
  const shared = services();
  const strict = shared.expression('$count([1..n])', 'map', { maxSequence: 5 });
  const loose = shared.expression('$count([1..n])', 'map');
  assert.is(await loose.evaluate({ n: 6 }), 6);
  assert.match((await failure(strict.evaluate({ n: 6 }))).message, /\[D2015\]/);
  assert.is(shared.expression('$count([1..n])', 'map', { maxSequence: 5 }), strict, 'compiled once per text and limits');
});

test('only expressions that can run away are guarded: functions of their own, partial application, ranges, $eval', () => {
  for (const text of ['($f := function($x){ $x }; $f(1))', '$map(items, function($v){ $v * 2 })', '$substring(?, 0, 2)', '[1..n]', '$eval(code)', 'items[$count([1..3]) > 2]']) {
    assert.ok(mayRunAway(jsonata(text).ast()), text);
  }
  for (const text of ["status = 'paid'", '{ "id": $string(id), "items": lines.{ "sku": sku, "qty": qty } }', '$sum(lines.qty) > 10 ? "big" : "small"', '$map(items, $string)', '**.sku']) {
    assert.not.ok(mayRunAway(jsonata(text).ast()), text);
  }
});

test("JSONata's errors: position, token and code; plain Errors by their message", () => {
  assert.is(describeJsonataError({ message: 'Expected a number', position: 7, token: 'x', code: 'T2001' }, 'filter'), "filter expression at position 7 (near 'x'): Expected a number [T2001]");
  assert.is(describeJsonataError(new Error('boom'), 'map'), 'map expression: boom');
  assert.is(describeJsonataError({ code: 'D3001' }, 'map'), 'map expression: [object Object] [D3001]');
});

test('settleEach: every record, at most `concurrency` at a time, an Error per failure in its place', async () => {
  let running = 0;
  let most = 0;
  const outcomes = await settleEach([1, 2, 3, 4, 5, 6, 7], 3, async (record) => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    if (record === 4) throw new Error('four');
    return (record as number) * 10;
  });
  assert.is(most, 3);
  assert.equal(outcomes.slice(0, 3), [10, 20, 30]);
  assert.instance(outcomes[3], Error);
  assert.is((outcomes[3] as Error).message, 'four');
  assert.equal(outcomes.slice(4), [50, 60, 70]);
});

test.run();
