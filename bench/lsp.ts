// The language server's edit-to-diagnostics time: `weft lsp` over stdio, documents opened in
// it, and edits sent as unsaved changes (didChange), each timed from the message sent to the
// diagnostics published for that file — what an editor waits for. Every other edit breaks a
// file (`kind: Flow` → `kind: Flowx`) and the next fixes it, so each edit has something to say.
// Baseline in the same run: `weft watch` (bench/watch.mjs) on the same generated projects, whose
// edits go through the disk. Target (issue 19): a median under 100 ms on examples/acme.
//
//   node --import tsx bench/lsp.ts [sizes=1000,10000] [edits=20]
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';
import { WeftLsp } from '../test/helpers/weft-lsp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
const edits = Number(process.argv[3] ?? 20);

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

/** Opens `files` in a fresh server on `root`, then breaks and fixes each in turn; the latencies. */
async function measure(root: string, files: string[]): Promise<{ medianMs: number; worstMs: number; initialMs: number; edits: number }> {
  const started = performance.now();
  const lsp = await WeftLsp.start(root);
  // The first answer comes after the first validation of the whole project.
  await lsp.request('textDocument/hover', files[0]!, { line: 0, character: 0 });
  const initialMs = performance.now() - started;
  const latencies: number[] = [];
  try {
    for (let edit = 0; edit < edits; edit++) {
      const file = files[edit % files.length]!;
      if (!lsp.buffers.has(file)) await lsp.open(file);
      const kind = /^kind: (\w+)/m.exec(lsp.buffers.get(file)!)![1]!;
      for (const [from, to, broken] of [[`kind: ${kind}`, `kind: ${kind}x`, true], [`kind: ${kind}x`, `kind: ${kind}`, false]] as const) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // a person types slower than this
        const sent = performance.now();
        lsp.change(file, from, to);
        const published = await lsp.client.waitForDiagnostics(lsp.uri(file), (list) => (broken ? list.some((diagnostic) => diagnostic.message.includes(`${kind}x`)) : !list.some((diagnostic) => diagnostic.message.includes(`${kind}x`))), 60_000);
        latencies.push(published.at - sent);
      }
    }
  } finally {
    await lsp.stop();
  }
  return { medianMs: median(latencies), worstMs: Math.max(...latencies), initialMs, edits: latencies.length };
}

/** Files spread over a project's instances and flows, as bench/watch.mjs picks them. */
async function spread(root: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ['instances', 'flows']) {
    const names = (await readdir(path.join(root, folder), { recursive: true })).filter((name) => name.endsWith('.yaml')).sort();
    for (let index = 0; index < names.length; index += Math.ceil(names.length / count)) files.push(`${folder}/${names[index]!.split(path.sep).join('/')}`);
  }
  return files;
}

const workspace = await mkdtemp(path.join(os.tmpdir(), 'weft-bench-lsp-'));
try {
  const rows: string[] = [];
  const acme = path.join(workspace, 'acme');
  await cp(path.join(here, '..', 'examples', 'acme'), acme, { recursive: true });
  const example = await measure(acme, ['flows/orders-to-netsuite.yaml', 'instances/shopify.yaml', 'connectors/netsuite.yaml', 'flows/order-events-to-netsuite.yaml']);
  rows.push(`| examples/acme (26 resources, 2 environments) | ${example.edits} | **${example.medianMs.toFixed(1)} ms** | ${example.worstMs.toFixed(1)} ms | ${example.initialMs.toFixed(0)} ms | — |`);
  for (const size of sizes) {
    const root = path.join(workspace, `corpus-${size}`);
    await generateProject(root, size);
    const lsp = await measure(root, await spread(root, edits));
    const watch = spawnSync(process.execPath, [path.join(here, 'watch.mjs'), root, String(edits / 2)], { encoding: 'utf8' });
    if (watch.status !== 0) throw new Error(`bench/watch.mjs failed: ${watch.stderr}`);
    const watched = JSON.parse(watch.stdout) as { medianMs: number };
    rows.push(`| generated, ${size.toLocaleString('en-US')} resources | ${lsp.edits} | **${lsp.medianMs.toFixed(1)} ms** | ${lsp.worstMs.toFixed(1)} ms | ${lsp.initialMs.toFixed(0)} ms | ${watched.medianMs.toFixed(1)} ms |`);
  }
  console.log(['| project | edits | median, edit → diagnostics | worst | first answer | `weft watch` median (same project, edits on disk) |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n'));
} finally {
  await rm(workspace, { recursive: true, force: true });
}
