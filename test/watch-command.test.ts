import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { LocalEngine } from '../src/engine/local-engine.js';
import { acmeEnvironment, seedAcmeSecrets } from './helpers/acme-engine.js';
import { copyFixture, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, weftBinary, weftEnvironment } from './helpers/run-weft.js';
import { copySingleAcme } from './helpers/single-acme.js';
import { git, hermeticGit } from './helpers/git.js';
import { generateProject } from '../bench/generate.mjs';

/**
 * `weft watch` as users run it: the real binary, a copy of examples/acme, files changed on disk
 * the way editors, `mv` and `git checkout` change them. Each cycle is one NDJSON line on stdout.
 */
const test = suite('watch-command');

/** One line of `weft watch --format json`. */
interface CycleLine {
  cycle: number;
  ms: number;
  ok: boolean;
  changed?: string[];
  errorCount?: number;
  warningCount?: number;
  diagnostics?: Diagnostic[];
  fixed?: Diagnostic[];
  new?: Diagnostic[];
  suppressedCount?: number;
  applied?: { summary: { add: number; change: number; destroy: number }; revision?: number; error?: string };
  problem?: string;
}

/** Long enough for any event of an operation to have arrived and its cycle to have run. */
const quietMs = 300;
/** No single wait may take longer than this: a test fails rather than hangs. */
const waitMs = 10_000;

/** A running `weft watch` process and the lines it has printed. */
class WatchProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  raw = '';
  stderr = '';
  /** Complete lines printed so far; `cursor` is the next one a test has not looked at. */
  readonly lines: string[] = [];
  private cursor = 0;
  private lastCycle = 0;
  private wake: (() => void) | undefined;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly directory: string,
    args: readonly string[],
    env: Record<string, string | undefined> = {},
  ) {
    this.child = spawn(process.execPath, [weftBinary, 'watch', directory, ...args], { cwd: repoRoot, env: weftEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.raw += text;
      partial += text;
      const complete = partial.split('\n');
      partial = complete.pop()!;
      this.lines.push(...complete);
      this.wake?.();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.wake?.();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        this.wake?.();
        resolve({ code, signal });
      }),
    );
  }

  /** Resolves when something happens (output, exit) or after `ms`. */
  private async changeOrTimeout(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });
    clearTimeout(timer);
    this.wake = undefined;
  }

  /** The next line, parsed; fails after `timeoutMs` without one, or if the process exits. */
  async next(what = 'the next cycle', timeoutMs = waitMs): Promise<CycleLine> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.lines.length) {
      if (this.exitStatus) throw new Error(`weft watch exited (${JSON.stringify(this.exitStatus)}) while waiting for ${what}; stderr: ${this.stderr}`);
      if (Date.now() >= deadline) throw new Error(`no line within ${timeoutMs} ms while waiting for ${what}; stderr: ${this.stderr}`);
      await this.changeOrTimeout(deadline - Date.now());
    }
    const text = this.lines[this.cursor++]!;
    let line: CycleLine;
    try {
      line = JSON.parse(text) as CycleLine;
    } catch {
      throw new Error(`not a JSON line: ${text}`);
    }
    assert.is(line.cycle, this.lastCycle + 1, `cycles are numbered 1, 2, 3...: ${text.slice(0, 300)}`);
    assert.type(line.ms, 'number');
    this.lastCycle = line.cycle;
    return line;
  }

  /** Reads lines until one satisfies `predicate` (bounded); returns it and every line read. */
  async until(predicate: (line: CycleLine) => boolean, what: string, timeoutMs = waitMs): Promise<{ line: CycleLine; read: CycleLine[] }> {
    const deadline = Date.now() + timeoutMs;
    const read: CycleLine[] = [];
    for (;;) {
      const line = await this.next(what, Math.max(1, deadline - Date.now()));
      read.push(line);
      if (predicate(line)) return { line, read };
    }
  }

  /** Lines printed within `ms` from now (and not read yet). */
  async linesWithin(ms = quietMs): Promise<CycleLine[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const read: CycleLine[] = [];
    while (this.cursor < this.lines.length) read.push(await this.next());
    return read;
  }

  /**
   * Waits for at least one line, then until no line comes for `quietMs`: every cycle an
   * operation caused has run. Returns the lines read; the last is the settled result.
   */
  async settle(what: string, timeoutMs = waitMs): Promise<CycleLine[]> {
    const deadline = Date.now() + timeoutMs;
    const read = [await this.next(what, timeoutMs)];
    for (;;) {
      const more = await this.linesWithin(quietMs);
      if (more.length === 0) return read;
      read.push(...more);
      if (Date.now() > deadline) throw new Error(`${what}: cycles keep coming (${read.length} so far)`);
    }
  }

  /** Waits until the raw output contains `text` (bounded). */
  async waitForText(text: string, timeoutMs = waitMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.raw.includes(text)) {
      if (this.exitStatus) throw new Error(`weft watch exited (${JSON.stringify(this.exitStatus)}) before printing '${text}'; stdout: ${this.raw}; stderr: ${this.stderr}`);
      if (Date.now() >= deadline) throw new Error(`'${text}' not printed within ${timeoutMs} ms; stdout: ${this.raw}; stderr: ${this.stderr}`);
      await this.changeOrTimeout(deadline - Date.now());
    }
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** Sends a signal and waits (bounded) for the process to exit. */
  async stop(signal: NodeJS.Signals, timeoutMs = 2_000): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([this.exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), timeoutMs)))]);
    clearTimeout(timer);
    return outcome;
  }

  /** Cleanup: whatever state the test left it in, the process is gone afterwards. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Runs a test body against `weft watch --format json` on a fresh copy of the example. */
async function withWatch(body: (watch: WatchProcess, at: (relative: string) => string) => Promise<void>, options: { args?: string[]; env?: Record<string, string>; prepare?: (directory: string) => void | Promise<void> } = {}): Promise<void> {
  const directory = await copySingleAcme('weft-watch-');
  let watch: WatchProcess | undefined;
  try {
    await options.prepare?.(directory);
    watch = new WatchProcess(directory, options.args ?? ['--format', 'json'], options.env);
    await body(watch, (relative) => path.join(directory, ...relative.split('/')));
  } catch (error) {
    if (watch?.stderr && error instanceof Error && !error.message.includes(watch.stderr)) error.message += `\nweft watch stderr: ${watch.stderr}`;
    throw error;
  } finally {
    await watch?.kill();
    await removeTemporaryDirectory(directory);
  }
}

/** The first cycle of the unedited example: clean. */
async function firstCycle(watch: WatchProcess): Promise<CycleLine> {
  const line = await watch.next('cycle 1', 10_000);
  assert.is(line.cycle, 1);
  assert.is(line.ok, true, JSON.stringify(line).slice(0, 500));
  assert.is(line.errorCount, 0);
  assert.is(line.warningCount, 0);
  assert.equal(line.diagnostics, []);
  assert.equal(line.fixed, []);
  assert.equal(line.new, []);
  return line;
}

/** What a full `weft validate --format json` of the directory reports. */
async function fullValidate(directory: string): Promise<{ ok: boolean; errorCount: number; warningCount: number; diagnostics: Diagnostic[] }> {
  const result = await runWeft(['validate', directory, '--format', 'json'], { timeoutMs: 10_000 });
  const report = JSON.parse(result.stdout) as { ok: boolean; errorCount: number; warningCount: number; diagnostics: Diagnostic[] };
  // Exit 1 exactly when there are errors (warnings alone exit 0).
  assert.is(result.code, report.errorCount > 0 ? 1 : 0, `weft validate exited ${result.code} with ${report.errorCount} errors: ${result.stderr}`);
  return report;
}

/** The settled line agrees with a full validation of the directory. */
async function assertSettled(line: CycleLine, directory: string, what: string): Promise<void> {
  const full = await fullValidate(directory);
  assert.equal(line.diagnostics, full.diagnostics, `${what}: the settled cycle differs from weft validate`);
  assert.is(line.errorCount, full.errorCount, `${what}: errorCount`);
  assert.is(line.warningCount, full.warningCount, `${what}: warningCount`);
  assert.is(line.ok, full.ok, `${what}: ok`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (file: string) => access(file).then(
  () => true,
  () => false,
);
/**
 * Saves as most editors do (write a temporary file, rename it over): a cycle never reads the file
 * half-written, which a loaded machine otherwise makes possible. Tests of in-place writes use writeFile.
 */
async function save(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

const codes = (line: CycleLine) => (line.diagnostics ?? []).map((diagnostic) => diagnostic.code);

// ---------------------------------------------------------------------------------------------

test('first cycle, an invalid connector version reported where it is, then fixed', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const file = at('connectors/netsuite.yaml');
    const original = await readFile(file, 'utf8');
    const broken = original.replace('version: 2.2.0', 'version: two');
    await save(file, broken);

    const line = await watch.next('the cycle of the broken version');
    assert.equal(line.changed, ['connectors/netsuite.yaml']);
    assert.is(line.ok, false);
    assert.is(line.errorCount, 1);
    assert.is(line.diagnostics!.length, 1);
    const diagnostic = line.diagnostics![0]!;
    const lineNumber = broken.split('\n').findIndex((text) => text === '  version: two') + 1;
    assert.is(diagnostic.file, 'connectors/netsuite.yaml');
    assert.is(diagnostic.line, lineNumber);
    assert.is(diagnostic.column, '  version: '.length + 1);
    assert.is(diagnostic.code, 'schema');
    assert.is(diagnostic.pointer, '/spec/version');
    assert.equal(line.new, [diagnostic]);
    assert.equal(line.fixed, []);
    await assertSettled(line, watch.directory, 'broken version');

    await save(file, original);
    const fixed = await watch.next('the cycle of the fix');
    assert.equal(fixed.changed, ['connectors/netsuite.yaml']);
    assert.is(fixed.ok, true);
    assert.is(fixed.errorCount, 0);
    assert.equal(fixed.diagnostics, []);
    assert.equal(fixed.fixed, [diagnostic]);
    assert.equal(fixed.new, []);
    assert.equal(await watch.linesWithin(), [], 'one save, one cycle');
  });
});

test('two saves of one file 35 ms apart (a formatter after the editor): the settled cycle reflects the second', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const file = at('connectors/netsuite.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('version: 2.2.0', 'version: two'));
    // The first save's cycle starts 25 ms after it and reads the file; the second save comes after.
    await sleep(35);
    await writeFile(file, original.replace('timeoutMs: 60000', 'timeoutMs: 45000'));
    const lines = await watch.settle('the cycles of the two saves');
    const settled = lines.at(-1)!;
    assert.is(settled.ok, true, `the file on disk is valid, yet the settled cycle says: ${JSON.stringify(settled.diagnostics)} (cycles: ${JSON.stringify(lines.map((line) => [line.cycle, line.changed, line.errorCount]))})`);
    await assertSettled(settled, watch.directory, 'two quick saves');
  });
});

test("an editor's atomic save (write x.yaml.tmp, rename over x.yaml) is one cycle with the new content", async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const file = at('flows/orders-to-netsuite.yaml');
    const text = (await readFile(file, 'utf8')).replace('instance: shopify-uk, endpoint: listOrders', 'instance: shopify-ux, endpoint: listOrders');
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);

    const line = await watch.next('the cycle of the atomic save');
    // The temporary file is not YAML: not a change.
    assert.equal(line.changed, ['flows/orders-to-netsuite.yaml']);
    assert.equal(codes(line), ['unknown-instance'], JSON.stringify(line.diagnostics));
    assert.is(line.diagnostics![0]!.file, 'flows/orders-to-netsuite.yaml');
    assert.match(line.diagnostics![0]!.message, /shopify-ux/);
    assert.equal(await watch.linesWithin(), [], 'exactly one cycle for one atomic save');
    await assertSettled(line, watch.directory, 'atomic save');
  });
});

test('a flow file renamed: the settled cycle has no duplicate-name or missing-file noise', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    await rename(at('flows/orders-to-netsuite.yaml'), at('flows/netsuite-sweep.yaml'));
    const lines = await watch.settle('the cycles of the rename');
    const settled = lines.at(-1)!;
    // Both names are changes (in one cycle or two: the rename reaches the watcher as two events).
    assert.equal([...new Set(lines.flatMap((line) => line.changed ?? []))].sort(), ['flows/netsuite-sweep.yaml', 'flows/orders-to-netsuite.yaml']);
    assert.equal(settled.diagnostics, [], `a rename changes no resource: ${JSON.stringify(settled.diagnostics)}`);
    assert.is(settled.ok, true);
    await assertSettled(settled, watch.directory, 'renamed flow file');

    // Renamed into a new folder (mv flows/x.yaml archive/x.yaml) likewise.
    await mkdir(at('archive'));
    await rename(at('flows/netsuite-sweep.yaml'), at('archive/netsuite-sweep.yaml'));
    const moved = (await watch.settle('the cycles of the move')).at(-1)!;
    assert.equal(moved.diagnostics, [], JSON.stringify(moved.diagnostics));
    await assertSettled(moved, watch.directory, 'moved flow file');
  });
});

test('a file others reference deleted: unknown-* errors; restored: gone', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const file = at('instances/shopify.yaml');
    const original = await readFile(file, 'utf8');
    await unlink(file);
    const { line } = await watch.until((line) => (line.errorCount ?? 0) > 0, 'unknown-instance errors');
    assert.equal(line.changed, ['instances/shopify.yaml']);
    const settled = (await watch.linesWithin()).at(-1) ?? line;
    // Each missing instance once (with a count of the other places), and the connector no instance uses now.
    assert.equal(
      settled.diagnostics!.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [
        ['connectors/shopify.yaml', 'unused-connector'],
        ['flows/backfill-us-orders.yaml', 'unknown-instance'],
        ['flows/orders-to-netsuite.yaml', 'unknown-instance'],
      ],
    );
    assert.match(settled.diagnostics![1]!.message, /'shopify-us'.*and 1 more place/);
    assert.match(settled.diagnostics![2]!.message, /'shopify-uk'.*and 1 more place/);
    await assertSettled(settled, watch.directory, 'referenced instance deleted');

    await save(file, original);
    const { line: restored } = await watch.until((line) => line.ok === true, 'the restored project');
    assert.equal(restored.diagnostics, []);
    assert.equal(restored.fixed!.length, settled.diagnostics!.length, 'everything the deletion caused is fixed');
    assert.equal(await watch.linesWithin(), []);
  });
});

test('a new folder with a new file inside is picked up', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const instance = (await readFile(at('instances/warehouse-us.yaml'), 'utf8')).replace('name: warehouse-us', 'name: warehouse-xx');
    await mkdir(at('regions/north'), { recursive: true });
    await save(at('regions/north/warehouse-xx.yaml'), instance);
    const { line } = await watch.until((line) => (line.changed ?? []).includes('regions/north/warehouse-xx.yaml'), 'the new file');
    const settled = (await watch.linesWithin()).at(-1) ?? line;
    assert.equal(
      settled.diagnostics!.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [['regions/north/warehouse-xx.yaml', 'unused-instance']],
    );
    await assertSettled(settled, watch.directory, 'new folder');
  });
});

test('a burst of 20 files written within a few ms is one cycle (at most three), not 20', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const template = await readFile(at('instances/warehouse-us.yaml'), 'utf8');
    const files = Array.from({ length: 20 }, (_, index) => `instances/burst-${String(index).padStart(2, '0')}.yaml`);
    await Promise.all(files.map((file, index) => writeFile(at(file), template.replace('name: warehouse-us', `name: burst-${index}`))));
    const lines = await watch.settle('the cycles of the burst');
    // Not exactly one: the writes reach the watcher as separate file-system events, and on a busy
    // machine the quiet period can end between two of them. Only a fake clock inside the watcher
    // could make it exact; what must never happen is a cycle per file. A file can also be seen
    // twice on a loaded machine: created (empty), then written, each after a quiet period.
    assert.ok(lines.length >= 1 && lines.length <= 3, `${lines.length} cycles for one burst: ${JSON.stringify(lines.map((line) => line.changed))}`);
    // Every file of the burst is listed as changed, and nothing else.
    assert.equal([...new Set(lines.flatMap((line) => line.changed ?? []))].sort(), files);
    const settled = lines.at(-1)!;
    assert.is(settled.warningCount, 20, 'each new instance is unused');
    assert.equal(
      settled.diagnostics!.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      files.map((file) => [file, 'unused-instance']),
    );
    await assertSettled(settled, watch.directory, 'burst');
  });
});

test('npm install of a connector package (package.json, then node_modules): the next cycle uses it, node_modules itself unwatched', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    await save(at('instances/echo.yaml'), 'apiVersion: weft/v1\nkind: Instance\nmetadata: { name: echo-main }\nspec: { connector: echo@^1 }\n');
    const { line: missing } = await watch.until((line) => (line.changed ?? []).includes('instances/echo.yaml'), 'the new instance');
    assert.ok(codes(missing).includes('unknown-connector'), JSON.stringify(missing.diagnostics));
    // What npm install does: the package's files first, package.json and its record of the install last.
    const files: Record<string, string> = {
      'node_modules/weft-connector-echo/package.json': JSON.stringify({ name: 'weft-connector-echo', version: '1.2.0' }),
      'node_modules/weft-connector-echo/connectors/echo.yaml': 'apiVersion: weft/v1\nkind: Connector\nmetadata: { name: echo }\nspec:\n  version: 1.2.0\n  http: { baseUrl: "https://echo.example" }\n  endpoints: { list: { path: /x } }\n',
      'node_modules/.package-lock.json': '{}\n',
      'package.json': JSON.stringify({ name: 'acme', private: true, dependencies: { 'weft-connector-echo': '^1.2.0' } }),
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(at(file)), { recursive: true });
      await save(at(file), text);
    }
    let { line } = await watch.until((line) => (line.changed ?? []).some((file) => file === 'package.json' || file === 'node_modules/.package-lock.json'), 'the install');
    for (let more = await watch.linesWithin(); more.length > 0; more = await watch.linesWithin()) line = more.at(-1)!;
    assert.not.ok(codes(line).includes('unknown-connector'), JSON.stringify(line.diagnostics));
    // Only the two files that say an install happened are watched in node_modules: not the package's own files.
    assert.ok(!(line.changed ?? []).some((file) => file.startsWith('node_modules/weft-connector-echo/')), JSON.stringify(line.changed));
    await assertSettled(line, watch.directory, 'after the install');
  });
});

test('.weft/, .git/, node_modules and files other than YAML cause no cycle', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const flow = await readFile(at('flows/orders-to-netsuite.yaml'), 'utf8');
    for (const folder of ['.weft', '.git/refs', 'node_modules/some-package', 'flows/.cache']) await mkdir(at(folder), { recursive: true });
    await writeFile(at('.weft/state.yaml'), flow);
    await writeFile(at('.weft/state.db'), 'not really a database');
    await writeFile(at('.git/HEAD'), 'ref: refs/heads/main\n');
    await writeFile(at('.git/refs/config.yaml'), flow);
    await writeFile(at('node_modules/some-package/flow.yaml'), flow);
    await writeFile(at('flows/.cache/flow.yaml'), flow);
    await writeFile(at('README.md'), '# acme\n');
    await writeFile(at('flows/notes.txt'), 'kind: Flow\n');
    await writeFile(at('flows/orders.json'), '{}\n');
    await writeFile(at('flows/orders-to-netsuite.yaml.bak'), flow);
    // A CSV file that no lookup reads.
    await writeFile(at('lookups/unused.csv'), 'left,right\nGB,United Kingdom\n');
    assert.equal(await watch.linesWithin(), [], 'no cycle for files weft never reads');
    // And edits to them afterwards neither.
    await writeFile(at('.weft/state.yaml'), flow + '\n# edited\n');
    await writeFile(at('README.md'), '# acme, edited\n');
    await unlink(at('flows/notes.txt'));
    assert.equal(await watch.linesWithin(), [], 'no cycle for edits to files weft never reads');
    assert.equal((await fullValidate(watch.directory)).diagnostics, [], 'and weft validate agrees they are not project files');
  });
});

test("a lookup's CSV file edited: a cycle that checks the new table, as weft validate does", async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const table = at('lookups/netsuite-countries.csv');
    await writeFile(table, `${(await readFile(table, 'utf8')).trimEnd()}\nGB,Great Britain,_greatBritain\n`);
    // writeFile truncates, then writes: on a busy machine a cycle may read the table half written
    // (CI saw "has a header row only"), and the look again reads it whole.
    const { line, read } = await watch.until((candidate) => codes(candidate).includes('duplicate-lookup-value'), 'the cycle of the CSV edit');
    for (const cycle of read) assert.equal(cycle.changed, ['lookups/netsuite-countries.csv']);
    assert.equal(codes(line), ['duplicate-lookup-value'], JSON.stringify(line.diagnostics));
    await assertSettled(line, watch.directory, 'a CSV edit');
  });
});

test("a folder holding a lookup's CSV moved into the project: a cycle that reads it", async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const lookup = at('lookups/netsuite-countries.yaml');
    await writeFile(lookup, (await readFile(lookup, 'utf8')).replace('file: netsuite-countries.csv', 'file: data/netsuite-countries.csv'));
    // Written in place (truncated, then written): a cycle may read it half written first.
    const { line: missing } = await watch.until((candidate) => codes(candidate).includes('bad-lookup-file'), 'the cycle of the lookup edit');
    assert.equal(codes(missing), ['bad-lookup-file'], JSON.stringify(missing.diagnostics));
    // Made aside, in a folder weft never watches, then moved in at once: the CSV gets no event of its own.
    await mkdir(at('.staging/data'), { recursive: true });
    await writeFile(at('.staging/data/netsuite-countries.csv'), await readFile(at('lookups/netsuite-countries.csv'), 'utf8'));
    await rename(at('.staging/data'), at('lookups/data'));
    const line = await watch.next('the cycle of the folder moved in');
    assert.equal(codes(line), [], JSON.stringify(line.diagnostics));
    await assertSettled(line, watch.directory, 'a folder with a CSV moved in');
  });
});

test('a dot-file YAML outside dot-directories is a project file: its changes are cycles, as weft validate reads it', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    // Discovery skips dot-directories, not dot-files: weft validate reads flows/.draft.yaml.
    await save(at('flows/.draft.yaml'), await readFile(at('flows/orders-to-netsuite.yaml'), 'utf8'));
    const full = await fullValidate(watch.directory);
    // The copy is read first (paths sort '.draft' before 'orders'), so the original is the duplicate.
    assert.equal(
      full.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [['flows/orders-to-netsuite.yaml', 'duplicate-name']],
      'weft validate reports the copy as a duplicate',
    );
    const lines = await watch.linesWithin(1_000);
    assert.is(lines.length, 1, `weft watch ran ${lines.length} cycles for one new file, flows/.draft.yaml, which weft validate reads`);
    await assertSettled(lines.at(-1)!, watch.directory, 'dot-file');
  });
});

test("weft.yaml's exclude edited to exclude a folder: its resources disappear from the next cycle", async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    await mkdir(at('drafts'));
    const draft = (await readFile(at('flows/orders-to-netsuite.yaml'), 'utf8')).replace('name: orders-to-netsuite', 'name: draft-sweep').replace('instance: shopify-uk', 'instance: shopify-de');
    await save(at('drafts/sweep.yaml'), draft);
    let { line } = await watch.until((line) => (line.changed ?? []).includes('drafts/sweep.yaml'), 'the draft');
    // On a loaded machine the new file can be read twice (created empty, then written): settle.
    for (let more = await watch.linesWithin(); more.length > 0; more = await watch.linesWithin()) line = more.at(-1)!;
    assert.equal(
      line.diagnostics!.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [['drafts/sweep.yaml', 'unknown-instance']],
    );

    const projectFile = await readFile(at('weft.yaml'), 'utf8');
    await save(at('weft.yaml'), projectFile.replace('exclude: ["fixtures/**"]', 'exclude: ["fixtures/**", "drafts/**"]'));
    const excluded = await watch.next('the cycle of the new exclude');
    assert.equal(excluded.changed, ['weft.yaml']);
    assert.equal(excluded.diagnostics, []);
    assert.is(excluded.fixed!.length, 1);
    await assertSettled(excluded, watch.directory, 'folder excluded');

    // Edits in the excluded folder are no longer project changes that matter.
    await save(at('drafts/sweep.yaml'), draft.replace('shopify-de', 'shopify-fr'));
    for (const later of await watch.linesWithin()) assert.equal(later.diagnostics, []);

    await save(at('weft.yaml'), projectFile);
    const included = await watch.next('the cycle of the old exclude');
    assert.equal(
      included.diagnostics!.map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [['drafts/sweep.yaml', 'unknown-instance']],
    );
    assert.match(included.diagnostics![0]!.message, /shopify-fr/);
    await assertSettled(included, watch.directory, 'folder included again');
  });
});

test('weft.yaml deleted: a problem line, the process keeps running; restored: back to normal', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const projectFile = await readFile(at('weft.yaml'), 'utf8');
    await unlink(at('weft.yaml'));
    const problem = await watch.next('the problem line');
    assert.is(problem.ok, false);
    assert.match(problem.problem!, /weft\.yaml/);
    assert.is(problem.diagnostics, undefined);
    assert.ok(watch.running, 'still watching');

    await save(at('weft.yaml'), projectFile);
    // On a busy machine the look again after a cycle may report the deletion once more first:
    // only problem lines may come before the cycle that has the project back.
    const { line: back, read } = await watch.until((line) => line.ok, 'the cycle after weft.yaml is back');
    for (const line of read.slice(0, -1)) assert.match(line.problem ?? '', /weft\.yaml/);
    assert.is(back.ok, true);
    assert.ok(back.changed!.includes('weft.yaml'), JSON.stringify(back.changed));
    assert.equal(back.diagnostics, []);
    assert.is(back.problem, undefined);

    // Still watching: the next edit is a cycle.
    const file = at('connectors/shopify.yaml');
    await save(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.x'));
    // writeFile truncates, then writes: on a busy machine a cycle may read the file half
    // written, and the look again reads it whole.
    const { line: after } = await watch.until((line) => codes(line).includes('schema'), 'a cycle after the restore');
    assert.equal(codes(after), ['schema']);
    await assertSettled(after, watch.directory, 'after weft.yaml restored');
  });
});

test('weft.yaml deleted, then another file edited: still a problem line, as weft validate refuses the directory', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    await unlink(at('weft.yaml'));
    assert.match((await watch.next('the problem line')).problem ?? '', /weft\.yaml/);
    const file = at('connectors/shopify.yaml');
    await save(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.x'));
    const validate = await runWeft(['validate', watch.directory, '--format', 'json'], { timeoutMs: 10_000 });
    assert.is(validate.code, 2, 'weft validate: not a project');
    const line = await watch.next('the cycle of the edit');
    assert.is(line.ok, false);
    assert.ok(line.problem !== undefined && /weft\.yaml/.test(line.problem), `without weft.yaml there is no project to validate, yet the cycle reported: ${JSON.stringify(line).slice(0, 400)}`);
  });
});

test('SIGINT, and SIGTERM, while watching: exit code 0 within two seconds', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    await withWatch(async (watch) => {
      await firstCycle(watch);
      assert.equal(await watch.linesWithin(), []);
      assert.equal(await watch.stop(signal), { code: 0, signal: null }, signal);
    });
  }
});

/** Waits (bounded) for a process to exit; the time from now to its exit, or 'still running'. */
async function exitWithin(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number } | 'still running'> {
  const started = performance.now();
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode, ms: 0 };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - started }))),
    new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms))),
  ]);
  clearTimeout(timer);
  return outcome;
}

/**
 * "Within a second" on this machine when it is idle (bench/watch-stop.mjs has the figures); on a
 * loaded one (CI runs two suites at once) everything is slower alike, so the bound grows with how
 * long starting node takes right now: eight node start-ups, and never less than a second.
 */
async function secondOnThisMachine(): Promise<number> {
  const starts: number[] = [];
  for (let index = 0; index < 3; index++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).once('exit', resolve));
    starts.push(performance.now() - started);
  }
  return Math.max(1_000, 8 * starts.sort((a, b) => a - b)[1]!);
}

test('SIGINT during a long first cycle, the project folder then removed and the reader gone: exit 0 within a second', async () => {
  // 6,000 resources: the first cycle reads and checks them for seconds, and the signal lands in it.
  const directory = await makeTemporaryDirectory('weft-watch-long-');
  try {
    await generateProject(directory, 6000);
    const bound = await secondOnThisMachine();
    const watch = new WatchProcess(directory, ['--format', 'json']);
    try {
      await sleep(800);
      assert.equal(watch.lines, [], 'the first cycle had already ended: the project is too small to test a long cycle');
      watch.child.kill('SIGINT');
      const exited = exitWithin(watch.child, 5_000);
      const removed = rm(directory, { recursive: true, force: true });
      watch.child.stdout!.destroy();
      const outcome = await exited;
      await removed;
      assert.ok(outcome !== 'still running', 'weft watch still runs 5 s after SIGINT');
      assert.equal([outcome.code, outcome.signal], [0, null], watch.stderr);
      assert.ok(outcome.ms < bound, `exited ${Math.round(outcome.ms)} ms after SIGINT (bound ${Math.round(bound)} ms)`);
      assert.not.match(watch.stderr, /\n\s+at /);
    } finally {
      await watch.kill();
    }
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('SIGINT at any point of a long first cycle (reading, checking, keeping its work): exit 0 within a second, nothing half-kept', async () => {
  // The first cycle of 6,000 resources, from an empty .weft/cache/ each time: timed once whole,
  // then stopped at points through it. Reading files, checking the project and writing what the
  // next start reuses each take long on a busy machine: none may hold a signal up.
  const directory = await makeTemporaryDirectory('weft-watch-phases-');
  try {
    await generateProject(directory, 6000);
    const cache = path.join(directory, '.weft', 'cache', 'files.bin');
    const whole = new WatchProcess(directory, ['--format', 'json']);
    let cycleMs: number;
    try {
      const started = performance.now();
      const first = await whole.next('the first cycle', 60_000);
      cycleMs = performance.now() - started;
      assert.is(first.ok, true, JSON.stringify(first).slice(0, 400));
      // By its line, the first cycle has kept its work for the next start (weft validate's too):
      // after the line, nothing is written into the project (a script may remove it then).
      assert.ok(await exists(cache), 'no .weft/cache/files.bin when the first cycle printed its line');
      assert.equal(await whole.stop('SIGINT', 5_000), { code: 0, signal: null });
    } finally {
      await whole.kill();
    }
    const bound = await secondOnThisMachine();
    for (const share of [0.35, 0.6, 0.85, 1.05]) {
      await rm(path.join(directory, '.weft'), { recursive: true, force: true });
      const watch = new WatchProcess(directory, ['--format', 'json']);
      try {
        await sleep(cycleMs * share);
        watch.child.kill('SIGINT');
        const outcome = await exitWithin(watch.child, 5_000);
        assert.ok(outcome !== 'still running', `weft watch still runs 5 s after SIGINT at ${share} of its first cycle`);
        assert.equal([outcome.code, outcome.signal], [0, null], watch.stderr);
        assert.ok(outcome.ms < bound, `SIGINT at ${share} of the first cycle (${Math.round(cycleMs)} ms): exited ${Math.round(outcome.ms)} ms after it (bound ${Math.round(bound)} ms)`);
        assert.is(watch.stderr, '');
        // Stopped before its line: abandoned, so nothing of it is kept for the next start (a
        // cache written is followed by the line at once). All it printed read first.
        if (!watch.child.stdout!.closed) await new Promise((resolve) => watch.child.stdout!.once('close', resolve));
        if (watch.lines.length === 0) assert.is(await exists(cache), false, `a first cycle stopped at ${share} of its length before its line wrote ${cache}`);
      } finally {
        await watch.kill();
      }
    }
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('the reader closes its end (weft watch --format json | head -1): the next cycle ends weft watch, exit 0', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    watch.child.stdout!.destroy();
    const file = at('connectors/netsuite.yaml');
    await save(file, (await readFile(file, 'utf8')).replace('timeoutMs: 60000', 'timeoutMs: 45000'));
    const outcome = await exitWithin(watch.child, 5_000);
    assert.ok(outcome !== 'still running', 'weft watch still runs 5 s after its output went away');
    assert.equal([outcome.code, outcome.signal], [0, null], watch.stderr);
    assert.not.match(watch.stderr, /EPIPE|\n\s+at /);
  });
});

test('SIGTERM right after a burst of edits, while their cycle runs: exit 0 within a second, and no line after the signal', async () => {
  await withWatch(async (watch, at) => {
    await firstCycle(watch);
    const bound = await secondOnThisMachine();
    const template = await readFile(at('instances/warehouse-us.yaml'), 'utf8');
    await Promise.all(Array.from({ length: 40 }, (_, index) => save(at(`instances/burst-${index}.yaml`), template.replace('name: warehouse-us', `name: burst-${index}`))));
    await sleep(40);
    const printed = watch.lines.length;
    watch.child.kill('SIGTERM');
    const outcome = await exitWithin(watch.child, 5_000);
    assert.ok(outcome !== 'still running', 'weft watch still runs 5 s after SIGTERM');
    assert.equal([outcome.code, outcome.signal], [0, null], watch.stderr);
    assert.ok(outcome.ms < bound, `exited ${Math.round(outcome.ms)} ms after SIGTERM (bound ${Math.round(bound)} ms)`);
    // A cycle the signal interrupted is abandoned, not printed half-way.
    for (const line of watch.lines.slice(printed)) JSON.parse(line);
  });
});

test('a signal as soon as the first cycle is printed: still exit code 0', async () => {
  // Ctrl-C right after start (or during a long first cycle) stops weft watch like any other time.
  const outcomes: string[] = [];
  // A race: each attempt sends the signal right after reading the line; six attempts of each.
  const signals = (['SIGINT', 'SIGTERM'] as const).flatMap((signal) => Array<typeof signal>(6).fill(signal));
  for (const signal of signals) {
    await withWatch(async (watch) => {
      await firstCycle(watch);
      outcomes.push(`${signal}: ${JSON.stringify(await watch.stop(signal))}`);
    });
  }
  assert.equal(
    outcomes,
    signals.map((signal) => `${signal}: {"code":0,"signal":null}`),
  );
});

test('--apply: error-free cycles are applied to the local engine; a broken project applies nothing', async () => {
  let directory = '';
  const revisionsInEngine = async () => {
    const engine = LocalEngine.forProject(directory, { env: acmeEnvironment });
    try {
      return { state: (await engine.readState()).revision, revisions: (await engine.revisions()).map((revision) => revision.number) };
    } finally {
      await engine.close();
    }
  };
  await withWatch(
    async (watch, at) => {
      directory = watch.directory;
      const first = await firstCycle(watch);
      assert.ok(first.applied, 'the first, error-free cycle is applied');
      assert.equal(first.applied!.summary, { add: 18, change: 0, destroy: 0 });
      assert.is(first.applied!.revision, 1);
      assert.is(first.applied!.error, undefined);
      assert.equal(await revisionsInEngine(), { state: 1, revisions: [1] });

      const file = at('connectors/netsuite.yaml');
      const original = await readFile(file, 'utf8');
      await save(file, original.replace('version: 2.2.0', 'version: two'));
      const broken = await watch.next('the broken cycle');
      assert.is(broken.ok, false);
      assert.is(broken.applied, undefined, 'a cycle with errors applies nothing');
      assert.equal(await revisionsInEngine(), { state: 1, revisions: [1] }, 'the last good bundle stays applied');

      // A second save of one file within chokidar's 50 ms change throttle is lost (the test
      // 'two saves of one file ...' asserts that it must not be); this test is about --apply.
      await sleep(100);
      await save(file, original.replace('version: 2.2.0', 'version: 2.3.0').replace('timeoutMs: 60000', 'timeoutMs: 45000'));
      const changed = await watch.next('the valid change');
      assert.is(changed.ok, true);
      assert.ok(changed.applied, 'an error-free cycle is applied');
      assert.is(changed.applied!.error, undefined);
      // The connector, and its one instance through it.
      assert.equal(changed.applied!.summary, { add: 0, change: 2, destroy: 0 }, JSON.stringify(changed.applied));
      assert.is(changed.applied!.revision, 2);
      assert.equal(await revisionsInEngine(), { state: 2, revisions: [1, 2] });
      assert.equal(await watch.linesWithin(), [], "the engine's own files in .weft/ cause no cycle");
      // Each apply recorded where it came from: the commit, then the same commit with the edit on top.
      const engine = LocalEngine.forProject(directory, { env: acmeEnvironment });
      try {
        const head = git(directory, 'rev-parse', 'HEAD').trim();
        assert.equal(
          (await engine.revisions()).map((revision) => revision.source),
          [
            { commit: head, branch: 'main', dirty: false, author: 'weft test <test@weft.invalid>' },
            { commit: head, branch: 'main', dirty: true, author: 'weft test <test@weft.invalid>' },
          ],
        );
      } finally {
        await engine.close();
      }
    },
    {
      args: ['--format', 'json', '--apply'],
      env: { ...acmeEnvironment, ...hermeticGit },
      prepare: async (copy) => {
        git(copy, 'init', '-q', '-b', 'main');
        git(copy, 'add', '-A');
        git(copy, 'commit', '-q', '-m', 'base');
        await seedAcmeSecrets(copy);
      },
    },
  );
});

test('--format pretty: a report, the cycle and what is watched', async () => {
  await withWatch(
    async (watch) => {
      await watch.waitForText('Watching');
      assert.match(watch.raw, /Cycle 1 in [0-9.]+ ms\./);
      assert.not.match(watch.raw, /^\{/m, 'no JSON lines');
      // Once idle (a signal right after the first output is the race tested above).
      await sleep(quietMs);
      assert.equal(await watch.stop('SIGINT'), { code: 0, signal: null });
    },
    { args: ['--format', 'pretty'] },
  );
});

test('--format xml, and a directory without weft.yaml: usage errors (exit 2), nothing watched', async () => {
  const xml = await runWeft(['watch', path.join(repoRoot, 'examples', 'acme'), '--format', 'xml'], { timeoutMs: 10_000 });
  assert.is(xml.code, 2, `--format xml: ${JSON.stringify(xml)}`);
  assert.match(xml.stderr, /--format/);
  assert.is(xml.stdout, '');

  const empty = await makeTemporaryDirectory('weft-watch-empty-');
  try {
    const notAProject = await runWeft(['watch', empty, '--format', 'json'], { timeoutMs: 10_000 });
    assert.is(notAProject.code, 2, `no weft.yaml: ${JSON.stringify(notAProject)}`);
    assert.match(notAProject.stderr, /weft\.yaml/);
    assert.is(notAProject.stdout, '');
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});

test.run();
