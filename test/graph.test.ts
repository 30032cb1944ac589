import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cliFixtures, repoRoot, runWeft, type RunResult } from './helpers/run-weft.js';
import { projectFile, removeProject, writeProject } from './helpers/temp-project.js';
import { buildGraph } from '../src/graph/resource-graph.js';
import { formatDot, formatMermaid } from '../src/graph/render-graph.js';

// `weft graph` through the real binary. The example's pictures are goldens under
// test/fixtures/graph/, compared byte for byte; `UPDATE_GOLDENS=1` rewrites them instead (read
// the new ones before committing them: every connector → its instances → the flows using
// them, each flow labelled with its trigger).

const test = suite('graph');
const goldens = path.join(repoRoot, 'test', 'fixtures', 'graph');
const acme = path.join('examples', 'acme');
// The example in production, which has every flow (staging, its default, lacks the US backfill).
const production = ['--env', 'production'];
const updating = process.env.UPDATE_GOLDENS === '1';
const projects: string[] = [];

test.after(async () => {
  await Promise.all(projects.map((project) => removeProject(project)));
});

/** No stack trace, whatever went wrong. */
function assertNoStackTrace(result: RunResult): void {
  assert.not.match(result.stderr, /\n\s+at /, result.stderr);
}

async function matchesGolden(name: string, args: string[]): Promise<void> {
  const result = await runWeft(args);
  assert.is(result.stderr, '', result.stderr);
  assert.is(result.code, 0);
  const file = path.join(goldens, name);
  if (updating) {
    await mkdir(goldens, { recursive: true });
    await writeFile(file, result.stdout);
    return;
  }
  assert.ok(existsSync(file), `${name} is missing: run UPDATE_GOLDENS=1 node --import tsx test/graph.test.ts`);
  assert.fixture(result.stdout, await readFile(file, 'utf8'), `${name} differs (UPDATE_GOLDENS=1 rewrites it, if the change is meant)`);
}

test('mermaid of the example: the golden acme.mmd', async () => {
  await matchesGolden('acme.mmd', ['graph', acme, ...production]);
});

test('Graphviz DOT of the example: the golden acme.dot', async () => {
  await matchesGolden('acme.dot', ['graph', acme, '--format', 'dot', ...production]);
});

test('flow shapes: instances used inside routes and tries, lookup → flow, flow → the flow it runs (the golden shapes.mmd)', async () => {
  await matchesGolden('shapes.mmd', ['graph', path.join('test', 'fixtures', 'shapes')]);
});

test('--focus shopify-uk: the golden acme-focus-shopify-uk.mmd', async () => {
  await matchesGolden('acme-focus-shopify-uk.mmd', ['graph', acme, '--focus', 'shopify-uk']);
});

test('--focus by address is the same as by name', async () => {
  const [byName, byAddress] = await Promise.all([runWeft(['graph', acme, '--focus', 'shopify-uk']), runWeft(['graph', acme, '--focus', 'instance.shopify-uk'])]);
  assert.is(byName.code, 0, byName.stderr);
  assert.is(byAddress.code, 0, byAddress.stderr);
  assert.is(byAddress.stdout, byName.stdout);
  assert.match(byAddress.stdout, /instance shopify-uk/);
  assert.not.match(byAddress.stdout, /shopify-us/);
});

test('--focus an unknown name: exit 1 with a did-you-mean', async () => {
  const result = await runWeft(['graph', acme, '--focus', 'shopify-u']);
  assert.is(result.code, 1);
  assert.is(result.stdout, '');
  // shopify-uk and shopify-us are as near; the suggestion is the first in name order.
  assert.is(result.stderr, "weft graph: --focus: the project has no resource 'shopify-u'; did you mean 'shopify-uk'?\n");
  assertNoStackTrace(result);
});

test('--format svg: a usage error, exit 2', async () => {
  const result = await runWeft(['graph', acme, '--format', 'svg']);
  assert.is(result.code, 2);
  assert.is(result.stdout, '');
  assert.match(result.stderr, /svg/);
  assertNoStackTrace(result);
});

test('a project with errors: exit 1, the diagnostics on stderr, no graph', async () => {
  const result = await runWeft(['graph', path.join(cliFixtures, 'errors')]);
  assert.is(result.code, 1);
  assert.is(result.stdout, '');
  assert.match(result.stderr, /error\[/);
  assert.match(result.stderr, /no graph drawn/);
  assertNoStackTrace(result);
});

/**
 * The graph of an event flow consuming `queue`, built from resources directly: validation only
 * admits AMQP names (letters, digits, '-', '_', '.', ':'), so the escaping is defence in depth
 * and is tested below the CLI.
 */
function eventGraph(queue: string): { mermaid: string; dot: string } {
  const graph = buildGraph([
    { kind: 'Connector', name: 'bus', spec: { version: '1.0.0', type: 'event', event: { broker: 'rabbitmq' } } },
    { kind: 'Instance', name: 'bus-prod', spec: { connector: 'bus' } },
    { kind: 'Flow', name: 'quoted', spec: { trigger: { event: { instance: 'bus-prod', queue } }, steps: [{ id: 'keep', filter: 'true' }] } },
  ]);
  return { mermaid: formatMermaid(graph), dot: formatDot(graph) };
}

/** The label of the flow's node in a Mermaid flowchart: what is between `[["` and `"]]`. */
function flowLabel(mermaid: string): string {
  const line = mermaid.split('\n').find((text) => text.includes('[["'));
  assert.ok(line, mermaid);
  return line.slice(line.indexOf('[["') + 3, line.lastIndexOf('"]]'));
}

/** What Mermaid shows for a label: it decodes #name; and #123; (its entity syntax) and <br/>. */
function shownText(label: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", num: '#' };
  return label
    .replace(/<br\/>/g, '\n')
    .replace(/#(\w+);/g, (entity, name: string) => (/^\d+$/.test(name) ? String.fromCodePoint(Number(name)) : (named[name] ?? entity)));
}

test('mermaid labels escape quotes, angle brackets and ampersands; DOT escapes quotes and backslashes', async () => {
  const queue = 'orders."vip" <eu> & co \\ end';
  const { mermaid, dot } = eventGraph(queue);
  const label = flowLabel(mermaid);
  assert.is(label, 'flow quoted<br/>event queue orders.#quot;vip#quot; #lt;eu#gt; #amp; co \\ end');
  assert.is(shownText(label), `flow quoted\nevent queue ${queue}`);
  // Nothing in a label can end the quoted string or open a tag.
  for (const line of mermaid.split('\n').filter((text) => text.includes('"'))) {
    const inner = line.slice(line.indexOf('"') + 1, line.lastIndexOf('"'));
    assert.not.match(inner, /"|<(?!br\/>)|(?<!<br\/)>/, line);
  }
  assert.ok(dot.includes('"flow.quoted" [label="flow quoted\\nevent queue orders.\\"vip\\" <eu> & co \\\\ end", shape=component];'), dot);
});

test('mermaid labels escape #: a queue named with an entity-like #quot; is shown as written', async () => {
  // Mermaid turns #quot; into a double quote and #35; into '#' in any label, so a literal '#'
  // has to be written #35; for such text to survive.
  const queue = 'jobs#quot;eu#35;';
  assert.is(shownText(flowLabel(eventGraph(queue).mermaid)), `flow quoted\nevent queue ${queue}`);
});

test.run();
