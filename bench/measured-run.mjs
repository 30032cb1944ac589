// One command under bench/measure.cjs, as the benchmarks time them: node with `args` (`weft ...`
// through the bundled CLI, or a script), from the repository root, colourless.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** Resolves wall time (ms), peak RSS (KB), exit code and output. */
export function measuredRun(args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(here, 'measure.cjs'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let usage = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdio[3].on('data', (chunk) => (usage += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, maxRssKb: usage ? JSON.parse(usage).maxRssKb : undefined, stdout, stderr }));
  });
}
