// A watch cycle in-process, without the file watcher, the process or the output: the project
// kept in memory (src/watch/incremental-project.ts), then single-file edits, each the changed
// file reloaded and the whole project checked again, as `weft watch` does per change. The same
// edits as bench/watch.mjs: every other edit breaks a file's `kind:` and the next one restores
// it, over files spread across instances/ and flows/. The first two rounds warm V8 up; the
// third is timed.
//
//   node --import tsx bench/watch-cycle.ts <project dir> [edits] [--profile file.cpuprofile]
//
// Prints JSON: { edits, medianMs, worstMs, updateMedianMs, validateMedianMs, instancesMedianMs,
// flowsMedianMs } (the last two: edits of instances/ and of flows/ apart).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { IncrementalProject } from '../src/watch/incremental-project.js';

const { values, positionals } = parseArgs({ options: { profile: { type: 'string' } }, allowPositionals: true });
const root = path.resolve(positionals[0] ?? '.');
const edits = Number(positionals[1] ?? 20);

const project = new IncrementalProject(root, process.env);
await project.rediscover();
project.validateEveryEnvironment();
// Instances and flows in turn, spread over each folder.
const spread = ['instances', 'flows'].map((folder) => {
  const names = (readdirSync(path.join(root, folder), { recursive: true }) as string[]).filter((name) => name.endsWith('.yaml')).sort();
  const picked: string[] = [];
  for (let index = 0; index < names.length; index += Math.ceil(names.length / edits)) picked.push(`${folder}/${names[index]!.split(path.sep).join('/')}`);
  return picked;
});
const files: string[] = [];
for (let index = 0; index < Math.max(...spread.map((picked) => picked.length)); index++) for (const picked of spread) if (index < picked.length) files.push(picked[index]!);
const session = new Session();
session.connect();
const post = (method: string) => new Promise<any>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
const cycles: number[] = [];
const byFolder: Record<string, number[]> = { instances: [], flows: [] };
const updates: number[] = [];
const validations: number[] = [];
for (let round = 0; round < 3; round++) {
  if (round === 2 && values.profile) await post('Profiler.enable').then(() => post('Profiler.start'));
  for (const file of files.slice(0, edits)) {
    const full = path.join(root, file);
    const original = readFileSync(full, 'utf8');
    for (const text of [original.replace(/^kind: (\w+)/m, 'kind: $1x'), original]) {
      writeFileSync(full, text);
      const started = performance.now();
      await project.update([file]);
      const updated = performance.now();
      project.validate();
      const done = performance.now();
      if (round < 2) continue;
      cycles.push(done - started);
      byFolder[file.split('/')[0]!]!.push(done - started);
      updates.push(updated - started);
      validations.push(done - updated);
    }
  }
}
if (values.profile) writeFileSync(values.profile, JSON.stringify((await post('Profiler.stop')).profile));
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
console.log(
  JSON.stringify({
    edits: cycles.length,
    medianMs: median(cycles),
    worstMs: Math.max(...cycles),
    updateMedianMs: median(updates),
    validateMedianMs: median(validations),
    instancesMedianMs: median(byFolder.instances!),
    flowsMedianMs: median(byFolder.flows!),
  }),
);
