// The watch-mode benchmark: `weft watch --format json` on a generated project, then single-file
// edits, each timed from the write to the cycle's JSON line on stdout (what an editor waits for).
// Every other edit makes an error and the next one fixes it, so each cycle has something to say.
// Prints JSON: { resources, edits, medianMs, worstMs, cycleMedianMs, initialMs }.
//   node bench/watch.mjs <project dir> [edits]
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(process.argv[2] ?? '.');
const edits = Number(process.argv[3] ?? 20);

const child = spawn(process.execPath, [path.join(here, '..', 'bin', 'weft.cjs'), 'watch', project, '--format', 'json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = [];
const waiting = [];
let buffer = '';
child.stdout.on('data', (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const line = JSON.parse(buffer.slice(0, newline));
    buffer = buffer.slice(newline + 1);
    const at = performance.now();
    const next = waiting.shift();
    if (next) next({ line, at });
    else lines.push({ line, at });
  }
});
const nextLine = (timeoutMs = 120_000) =>
  new Promise((resolve, reject) => {
    if (lines.length > 0) return resolve(lines.shift());
    const timer = setTimeout(() => reject(new Error('no cycle within the timeout')), timeoutMs);
    waiting.push((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

try {
  const started = performance.now();
  const initial = await nextLine();
  if (initial.line.cycle !== 1) throw new Error(`expected the first cycle, got ${JSON.stringify(initial.line).slice(0, 200)}`);
  const initialMs = initial.at - started;
  // Files spread over the project, instances (which flows use) and flows in turn.
  const candidates = [];
  const spread = [];
  for (const folder of ['instances', 'flows']) {
    const names = (await readdir(path.join(project, folder), { recursive: true })).filter((name) => name.endsWith('.yaml')).sort();
    const picked = [];
    for (let index = 0; index < names.length; index += Math.ceil(names.length / edits)) picked.push(path.join(project, folder, names[index]));
    spread.push(picked);
  }
  for (let index = 0; index < Math.max(...spread.map((picked) => picked.length)); index++) for (const picked of spread) if (index < picked.length) candidates.push(picked[index]);
  const latencies = [];
  const cycles = [];
  for (let edit = 0; edit < edits; edit++) {
    const file = candidates[edit % candidates.length];
    const original = await readFile(file, 'utf8');
    for (const text of [original.replace(/^kind: (\w+)/m, 'kind: $1x'), original]) {
      await new Promise((resolve) => setTimeout(resolve, 150)); // a person types slower than this
      lines.length = 0; // a late cycle of the last edit (a second look at a file) is not this one's
      const written = performance.now();
      await writeFile(file, text);
      const relative = path.relative(project, file).split(path.sep).join('/');
      let next = await nextLine();
      while (!next.line.changed?.includes(relative)) next = await nextLine();
      const { line, at } = next;
      latencies.push(at - written);
      cycles.push(line.ms);
    }
  }
  const sorted = (numbers) => [...numbers].sort((a, b) => a - b);
  const median = (numbers) => sorted(numbers)[Math.floor(numbers.length / 2)];
  console.log(
    JSON.stringify({
      edits: latencies.length,
      medianMs: median(latencies),
      worstMs: Math.max(...latencies), all: latencies.map((l, i) => Math.round(l) + "/" + cycles[i]).join(" "),
      cycleMedianMs: median(cycles),
      initialMs,
    }),
  );
} finally {
  child.kill('SIGINT');
}
