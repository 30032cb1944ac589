// Runs a command in this process (`weft ...` through the bundled CLI, or a script) and, on exit,
// reports the process's peak resident set size on fd 3: how the benchmark measures memory.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
process.on('exit', () => {
  try {
    const usage = process.resourceUsage();
    fs.writeSync(3, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) }) + '\n');
  } catch {}
});
const [what, ...args] = process.argv.slice(2);
if (what === 'weft') {
  process.argv = [process.argv[0], 'weft', ...args];
  require(path.join(__dirname, '..', 'bin', 'weft.cjs'));
} else {
  process.argv = [process.argv[0], what, ...args];
  import(path.resolve(what));
}
