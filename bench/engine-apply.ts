// Seeds a generated project's local engine with every secret its placeholders name (so plan and
// apply can run), then times the engine's part of an apply of every resource into a fresh state
// file: plan computation plus the one SQLite transaction. Prints JSON on stdout.
//   node --import tsx bench/engine-apply.ts <project dir>
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileProject } from '../src/pipeline/compile-project.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { scanPlaceholders } from '../src/lex/placeholders.js';

const root = path.resolve(process.argv[2] ?? '.');
const result = await compileProject(root);
if (!result.bundle) throw new Error(`the project has ${result.errorCount} errors`);

const secrets = new Set<string>();
const envNames = new Set<string>();
const visit = (value: unknown): void => {
  if (typeof value === 'string') {
    for (const scan of scanPlaceholders(value)) {
      if (scan.kind !== 'placeholder') continue;
      if (scan.placeholder.source === 'secret') secrets.add(scan.placeholder.name);
      else if (scan.placeholder.default === undefined) envNames.add(scan.placeholder.name);
    }
  } else if (value && typeof value === 'object') for (const child of Object.values(value)) visit(child);
};
for (const resource of result.bundle.resources) visit(resource.spec);
const env = { WEFT_SECRET_KEY: 'bench passphrase' };
const engine = LocalEngine.forProject(root, { env });
for (const secret of secrets) await engine.setSecret(secret, 'bench-value');
await engine.close();
// The environment variables the project's placeholders name, for the runner to set.
await writeFile(path.join(root, '.weft', 'bench-env.json'), JSON.stringify([...envNames]));

const scratch = await mkdtemp(path.join(os.tmpdir(), 'weft-engine-bench-'));
try {
  const fresh = new LocalEngine(path.join(scratch, 'state.db'));
  const started = performance.now();
  const plan = computePlan(result.bundle, await fresh.readState());
  const revision = await fresh.apply(plan, result.bundle, 'bench');
  const applyMs = performance.now() - started;
  await fresh.close();
  console.log(JSON.stringify({ resources: result.bundle.resources.length, applyMs, revision: revision?.number, envVariables: envNames.size, secrets: secrets.size }));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
