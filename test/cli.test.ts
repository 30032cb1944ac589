import { existsSync } from 'node:fs';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseAllDocuments } from 'yaml';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { validateAllEnvironments } from '../src/pipeline/validate-project.js';
import { canonicalJson, sha256 } from '../src/compile/canonical-json.js';
import { addFormats, validateSarif } from './helpers/sarif.js';
import { listFiles, projectFile, removeProject, writeProject } from './helpers/temp-project.js';
import { cliFixtures, copyFixture, makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, type RunOptions, type RunResult, expectExit, expectNoStackTrace } from './helpers/run-weft.js';


const test = suite('cli');

// Read-only runs are memoised and the common ones started together before the tests, so the
// suite spends its time on several binaries at once rather than one after another.
const runs = new Map<string, Promise<RunResult>>();
function weft(args: string[], options: RunOptions = {}): Promise<RunResult> {
  // undefined (remove the variable) must not collide with an absent key (keep the default).
  const key = JSON.stringify([args, options], (_, value: unknown) => (value === undefined ? null : value));
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runWeft(args, options)));
  return run;
}

const acme = 'examples/acme';
const errorsFixture = 'test/fixtures/cli/errors';
const warningsFixture = 'test/fixtures/cli/warnings';
const allCodes = Object.keys(diagnosticCodes);
const ansi = /\u001b/;
const githubLine = /^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::.+$/;

/** The json format's diagnostics are the public Diagnostic shape. */
type JsonDiagnostic = Diagnostic;
interface JsonReport {
  ok: boolean;
  errorCount: number;
  warningCount: number;
  diagnostics: JsonDiagnostic[];
}

/** Fails with the whole output when the exit code is not the expected one. */

function parseJsonReport(result: RunResult): JsonReport {
  let report: JsonReport;
  try {
    report = JSON.parse(result.stdout) as JsonReport;
  } catch (error) {
    throw new Error(`stdout is not JSON (${(error as Error).message}):\n${result.stdout}`);
  }
  return report;
}

// 'environments': which environments a finding is in, when `weft validate` checks several at once (issue 14 item 4).
const diagnosticKeys = new Set(['severity', 'code', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'pointer', 'hint', 'keyword', 'environments']);

function expectWellFormedJsonReport(report: JsonReport): void {
  assert.equal(Object.keys(report).sort(), ['diagnostics', 'errorCount', 'ok', 'warningCount']);
  assert.type(report.ok, 'boolean');
  assert.ok(Array.isArray(report.diagnostics));
  assert.is(report.errorCount, report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length);
  assert.is(report.warningCount, report.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length);
  assert.is(report.ok, report.errorCount === 0);
  for (const diagnostic of report.diagnostics) {
    for (const key of Object.keys(diagnostic)) assert.ok(diagnosticKeys.has(key), `unexpected key '${key}' in ${JSON.stringify(diagnostic)}`);
    assert.ok(diagnostic.severity === 'error' || diagnostic.severity === 'warning', diagnostic.severity);
    assert.ok(allCodes.includes(diagnostic.code), `unknown code ${diagnostic.code}`);
    assert.is(diagnostic.severity, diagnosticCodes[diagnostic.code as keyof typeof diagnosticCodes].severity, `severity of ${diagnostic.code}`);
    assert.type(diagnostic.message, 'string');
    assert.ok(diagnostic.message.length > 0);
    assert.type(diagnostic.file, 'string');
    assert.not.ok(path.isAbsolute(diagnostic.file) || diagnostic.file.includes('\\'), diagnostic.file);
    for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
      assert.ok(Number.isInteger(diagnostic[key]) && diagnostic[key] >= 1, `${key} = ${diagnostic[key]}`);
    }
    assert.ok(diagnostic.endLine > diagnostic.line || (diagnostic.endLine === diagnostic.line && diagnostic.endColumn >= diagnostic.column), JSON.stringify(diagnostic));
    if (diagnostic.pointer !== undefined) assert.match(diagnostic.pointer, /^(\/|$)/);
  }
}

/** The expected diagnostics of test/fixtures/cli/errors, without their wording. */
const errorsFixtureLocations = [
  { severity: 'error', code: 'unknown-instance', file: 'flows/copy-orders.yaml', line: 12, column: 25, endLine: 12, endColumn: 34, pointer: '/spec/steps/1/send/instance' },
  { severity: 'error', code: 'schema', file: 'instances/orders-prod.yaml', line: 7, column: 3, endLine: 7, endColumn: 8, pointer: '/spec/colour' },
];

// ---------------------------------------------------------------------------------------------
// validate: clean project

test('validate on a clean project exits 0 and says so', async () => {
  const result = await weft(['validate', acme]);
  expectExit(result, 0);
  // Both environments checked: the files include production's overlay (its own flow and its test); the resources are the base project's (eight of them tests).
  assert.is(result.stdout, '\u2714 no problems in 21 files (26 resources)\n');
  assert.is(result.stderr, '');
});

test('validate defaults to the current directory', async () => {
  const result = await weft(['validate'], { cwd: path.join(repoRoot, acme) });
  expectExit(result, 0);
  assert.match(result.stdout, /no problems/);
});

test('validate --format json on a clean project', async () => {
  const result = await weft(['validate', acme, '--format', 'json']);
  expectExit(result, 0);
  const report = parseJsonReport(result);
  expectWellFormedJsonReport(report);
  assert.equal(report, { ok: true, errorCount: 0, warningCount: 0, diagnostics: [] });
  assert.is(result.stderr, '');
});

test('validate --format github on a clean project prints nothing', async () => {
  const result = await weft(['validate', acme, '--format', 'github']);
  expectExit(result, 0);
  assert.is(result.stdout, '');
});

test("validate: DESIGN.md's event connector, stand-in user-info in descriptions and descriptions on endpoints and steps are clean", async () => {
  const root = await writeProject({
    'weft.yaml': projectFile,
    'bus.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: rabbitmq }
spec:
  version: 1.0.0
  type: event
  event: { broker: rabbitmq }
  settings: { type: object, properties: { prefetch: { type: integer, minimum: 1 } } }
  credentials: { url: { description: "amqp://user:pass@host:5672/vhost" } }
---
apiVersion: weft/v1
kind: Connector
metadata: { name: shop, description: "the admin API; a token looks like shpat_xxxxxxxxxxxxxxxxxxxxxxxx" }
spec:
  version: 1.0.0
  http: { baseUrl: https://shop.example.com }
  credentials: { token: { description: "Bearer <token>, or https://USER:PASSWORD@shop.example.com" } }
  endpoints:
    list: { description: "orders, newest first (see https://{user}:{password}@docs.example.com)", path: /orders }
`,
    'instances.yaml': `apiVersion: weft/v1
kind: Instance
metadata: { name: bus }
spec: { connector: rabbitmq, credentials: { url: "\${secret:rabbitmq/url}" } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec: { connector: shop, credentials: { token: "\${secret:shop/uk/token}" } }
`,
    'flow.yaml': `apiVersion: weft/v1
kind: Flow
metadata: { name: relay }
spec:
  trigger: { manual: {} }
  steps:
    - { id: fetch, description: "every order; the old job used amqp://username:password@bus", receive: { instance: shop-uk, endpoint: list } }
    - { id: announce, description: "one message per order", publish: { instance: bus, exchange: orders, routingKey: created } }
`,
  });
  try {
    const clean = await runWeft(['validate', root, '--format', 'json']);
    expectExit(clean, 0);
    assert.equal(parseJsonReport(clean), { ok: true, errorCount: 0, warningCount: 0, diagnostics: [] });
    // A password that looks real is still reported in prose, at the description's value.
    const flow = path.join(root, 'flow.yaml');
    await writeFile(flow, (await readFile(flow, 'utf8')).replace('username:password', 'relay:Zq8XvR2mLp4NwT7y'));
    const leaked = await runWeft(['validate', root, '--format', 'json']);
    expectExit(leaked, 1);
    const report = parseJsonReport(leaked);
    expectWellFormedJsonReport(report);
    assert.equal(
      report.diagnostics.map(({ code, file, line, column, pointer }) => ({ code, file, line, column, pointer })),
      [{ code: 'plaintext-secret', file: 'flow.yaml', line: 7, column: 33, pointer: '/spec/steps/0/description' }],
    );
    assert.not.ok(leaked.stdout.includes('Zq8XvR2mLp4NwT7y'));
  } finally {
    await removeProject(root);
  }
});

// ---------------------------------------------------------------------------------------------
// validate: errors, in every format

test('pretty: errors exit 1 with code, location, code frame, caret and hint', async () => {
  const result = await weft(['validate', errorsFixture]);
  expectExit(result, 1);
  expectNoStackTrace(result);
  const out = result.stdout;
  assert.not.match(out, ansi, 'ANSI escapes despite NO_COLOR=1');
  assert.match(out, /error\[unknown-instance\]: .*'orders-prd'/);
  assert.match(out, /error\[schema\]: .*'colour'/);
  assert.ok(out.includes(`--> ${errorsFixture}/flows/copy-orders.yaml:12:25`), out);
  assert.ok(out.includes(`--> ${errorsFixture}/instances/orders-prod.yaml:7:3`), out);
  assert.match(out, /hint: did you mean 'orders-prod'\?/);
  assert.match(out, /2 errors, 0 warnings/);

  // The code frame shows the source line, and the carets sit exactly under the offending value.
  const lines = out.split('\n');
  const frameIndex = lines.findIndex((line) => /^\s*12 \| /.test(line));
  assert.ok(frameIndex > 0, `no code frame for line 12:\n${out}`);
  const frame = lines[frameIndex]!;
  const caretLine = lines[frameIndex + 1]!;
  assert.ok(frame.endsWith('      send: { instance: orders-prd, endpoint: createOrder }'), frame);
  assert.match(caretLine, /^\s*\|\s*\^+\s*$/);
  const caretStart = caretLine.indexOf('^');
  const caretEnd = caretLine.lastIndexOf('^') + 1;
  assert.is(frame.slice(caretStart, caretEnd), 'orders-prd', `carets under '${frame.slice(caretStart, caretEnd)}'`);
  // The gutter bar of the caret line lines up with the frame's.
  assert.is(caretLine.indexOf('|'), frame.indexOf('|'));

  const schemaFrame = lines.findIndex((line) => /^\s*7 \| {3}colour: blue$/.test(line));
  assert.ok(schemaFrame > 0, out);
  const schemaCarets = lines[schemaFrame + 1]!;
  assert.is(lines[schemaFrame]!.slice(schemaCarets.indexOf('^'), schemaCarets.lastIndexOf('^') + 1), 'colour');
});

test('pretty: colour with FORCE_COLOR=1 and NO_COLOR unset, none by default when piped', async () => {
  const forced = await weft(['validate', errorsFixture], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  expectExit(forced, 1);
  assert.match(forced.stdout, /\u001b\[\d+m/);
  assert.match(forced.stdout, /error\[unknown-instance\]/);
  const piped = await weft(['validate', errorsFixture], { env: { NO_COLOR: undefined } });
  expectExit(piped, 1);
  assert.not.match(piped.stdout, ansi, 'colour on a pipe without FORCE_COLOR');
  const both = await weft(['validate', errorsFixture], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
  assert.not.match(both.stdout, ansi, 'NO_COLOR must win over FORCE_COLOR');
});

test('pretty: no escape sequences reach the terminal from values in the files under NO_COLOR', async () => {
  // The flow's name holds ESC sequences (YAML "\e"): a message quoting it must not carry them raw.
  const result = await weft(['validate', path.join(cliFixtures, 'control-characters')]);
  expectExit(result, 1);
  assert.match(result.stdout, /error\[schema\]/);
  assert.not.match(result.stdout, ansi, `raw ESC in pretty output:\n${JSON.stringify(result.stdout)}`);
  assert.not.match(result.stdout, /\u0007/, 'raw BEL in pretty output');
});

test('the built parser (js-yaml with its non-printable check patched to look for the characters first) reads control characters, C1 controls, noncharacters and the rest as the sources do', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    await writeFile(path.join(directory, 'weft.yaml'), 'apiVersion: weft/v1\nkind: Project\nmetadata: { name: printable }\n');
    const texts = { bell: 'ring \u0007 here', c1: 'c1 \u0086 control', noncharacter: 'not \uFFFE a char', escape: 'esc \u001b[31m', nel: 'next \u0085 line', tab: 'a\tb', unicode: 'é 日本 🚀', plain: 'nothing odd' };
    for (const [name, text] of Object.entries(texts)) {
      await writeFile(path.join(directory, `${name}.yaml`), `apiVersion: weft/v1\nkind: Flow\nmetadata:\n  name: ${name}\n  description: ${text}\nspec: { trigger: { manual: {} }, steps: [] }\n`);
    }
    const built = JSON.parse((await weft(['validate', directory, '--format', 'json', '--no-cache'])).stdout) as { diagnostics: Diagnostic[] };
    const sources = await validateAllEnvironments(directory, { env: {} });
    const brief = (diagnostics: readonly Diagnostic[]) => diagnostics.map(({ code, file, line, column, message }) => ({ code, file, line, column, message }));
    assert.ok(built.diagnostics.length > 0);
    assert.equal(brief(built.diagnostics), brief(sources.diagnostics));
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('pretty: on a long line the caret still sits under the offending value', async () => {
  const result = await weft(['validate', 'test/fixtures/cli/long-line']);
  expectExit(result, 1);
  assert.match(result.stdout, /error\[unknown-instance\]/);
  const lines = result.stdout.split('\n');
  const frameIndex = lines.findIndex((line) => /^\s*8 \| /.test(line));
  assert.ok(frameIndex > 0, result.stdout);
  const frame = lines[frameIndex]!;
  const caretLine = lines[frameIndex + 1]!;
  const caretStart = caretLine.indexOf('^');
  const caretEnd = caretLine.lastIndexOf('^') + 1;
  assert.ok(caretStart > 0, caretLine);
  assert.is(frame.slice(caretStart, caretEnd), 'orders-prd', `carets under '${frame.slice(caretStart, caretEnd)}' (frame is ${frame.length} wide, carets at ${caretStart})`);
});

test('json: errors exit 1 with the documented shape', async () => {
  const result = await weft(['validate', errorsFixture, '--format', 'json']);
  expectExit(result, 1);
  expectNoStackTrace(result);
  const report = parseJsonReport(result);
  expectWellFormedJsonReport(report);
  assert.is(report.ok, false);
  assert.is(report.errorCount, 2);
  assert.is(report.warningCount, 0);
  assert.equal(
    report.diagnostics.map(({ severity, code, file, line, column, endLine, endColumn, pointer }) => ({ severity, code, file, line, column, endLine, endColumn, pointer })),
    errorsFixtureLocations,
  );
  const [unknownInstance, schema] = report.diagnostics;
  assert.match(unknownInstance!.message, /'orders-prd'/);
  assert.is(unknownInstance!.hint, "did you mean 'orders-prod'?");
  assert.match(schema!.message, /'colour'/);
  assert.is(schema!.keyword, 'additionalProperties');
  // Data and rendering stay apart: no code frame or location inside a message.
  for (const diagnostic of report.diagnostics) assert.not.match(diagnostic.message, /\n|\^|\d+:\d+/);
});

test('json: paths are project-relative whatever the current directory', async () => {
  const fromRoot = parseJsonReport(await weft(['validate', errorsFixture, '--format', 'json']));
  const fromProject = parseJsonReport(await weft(['validate', '--format', 'json'], { cwd: path.join(repoRoot, errorsFixture) }));
  const fromElsewhere = parseJsonReport(await weft(['validate', path.join(repoRoot, errorsFixture), '--format', 'json'], { cwd: path.join(repoRoot, 'examples') }));
  assert.equal(fromProject, fromRoot);
  assert.equal(fromElsewhere, fromRoot);
});

test('json: the same report when files are parsed in worker threads', async () => {
  const [main, workers] = await Promise.all([
    weft(['validate', errorsFixture, '--format', 'json']),
    weft(['validate', errorsFixture, '--format', 'json'], { env: { WEFT_WORKERS: '2' } }),
  ]);
  expectExit(workers, 1);
  assert.is(workers.stderr, '');
  assert.is(workers.stdout, main.stdout);
});

test('github: one workflow command per diagnostic, paths relative to the current directory', async () => {
  const json = parseJsonReport(await weft(['validate', errorsFixture, '--format', 'json']));
  const fromRoot = await weft(['validate', errorsFixture, '--format', 'github']);
  expectExit(fromRoot, 1);
  expectNoStackTrace(fromRoot);
  const lines = fromRoot.stdout.split('\n');
  assert.is(lines.pop(), '', 'output ends with a newline');
  assert.is(lines.length, json.diagnostics.length);
  lines.forEach((line, index) => {
    assert.match(line, githubLine);
    const diagnostic = json.diagnostics[index]!;
    assert.ok(
      line.startsWith(
        `::${diagnostic.severity} file=${errorsFixture}/${diagnostic.file},line=${diagnostic.line},col=${diagnostic.column},` +
          `endLine=${diagnostic.endLine},endColumn=${diagnostic.endColumn},title=${diagnostic.code}::`,
      ),
      line,
    );
    assert.ok(line.includes(diagnostic.message), line);
  });

  const fromProject = await weft(['validate', '--format', 'github'], { cwd: path.join(repoRoot, errorsFixture) });
  expectExit(fromProject, 1);
  const projectLines = fromProject.stdout.trimEnd().split('\n');
  assert.is(projectLines.length, json.diagnostics.length);
  projectLines.forEach((line, index) => {
    assert.match(line, githubLine);
    assert.ok(line.startsWith(`::error file=${json.diagnostics[index]!.file},`), line);
  });
});

test('github: warnings are ::warning commands', async () => {
  const result = await weft(['validate', warningsFixture, '--format', 'github']);
  expectExit(result, 0);
  const lines = result.stdout.trimEnd().split('\n');
  assert.is(lines.length, 1);
  assert.match(lines[0]!, githubLine);
  assert.ok(lines[0]!.startsWith(`::warning file=${warningsFixture}/resources.yaml,line=23,col=9,`), lines[0]);
  assert.match(lines[0]!, /title=unused-instance::/);
});

test('a mapping used as a key is reported on its line, without a Node warning on stderr', async () => {
  // `{{settings.header}}: yes` unquoted is a flow mapping as a key: not a header name.
  const result = await weft(['validate', 'test/fixtures/cli/collection-key', '--format', 'json']);
  assert.not.match(result.stderr, /Warning|\(node:\d+\)/, `Node warning leaked to stderr:\n${result.stderr}`);
  expectExit(result, 1);
  const report = parseJsonReport(result);
  expectWellFormedJsonReport(report);
  assert.ok(
    report.diagnostics.some((diagnostic) => diagnostic.severity === 'error' && diagnostic.file === 'connector.yaml' && diagnostic.line === 13),
    `no error on connector.yaml:13: ${JSON.stringify(report.diagnostics)}`,
  );
});

test('output to a closed pipe (weft ... | head) ends quietly, without a stack trace', async () => {
  for (const args of [['validate', acme, '--format', 'sarif'], ['compile', acme], ['schema']]) {
    const result = await runWeft(args, { closeStdout: true });
    assert.is(result.signal, null);
    expectNoStackTrace(result);
    assert.not.match(result.stderr, /Unhandled 'error' event|EPIPE/, `${args.join(' ')}:\n${result.stderr}`);
  }
});

test('a backtracking-prone settings pattern does not hang validation', async () => {
  // '^([a-z0-9]+-?)+$' against a 32-character almost-match: exponential in a backtracking engine.
  const started = Date.now();
  const result = await runWeft(['validate', 'test/fixtures/cli/slow-pattern', '--format', 'json'], { timeoutMs: 10_000 });
  assert.is(result.signal, null, `validate was killed after ${Date.now() - started} ms: it hangs on the pattern`);
  expectExit(result, 1);
  const report = parseJsonReport(result);
  assert.equal(
    report.diagnostics.map(({ code, file, line, pointer }) => ({ code, file, line, pointer })),
    [{ code: 'invalid-settings', file: 'resources.yaml', line: 26, pointer: '/spec/settings/shop' }],
  );
});

// ---------------------------------------------------------------------------------------------
// SARIF

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; defaultConfiguration?: { level?: string }; fullDescription?: { text: string }; help?: { text: string; markdown?: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      partialFingerprints?: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }[];
  }[];
}

test('sarif: the schema validator rejects what it should (the check can fail)', async () => {
  const result = await weft(['validate', acme, '--format', 'sarif']);
  const log = JSON.parse(result.stdout) as Record<string, unknown>;
  await validateSarif(log);
  for (const broken of [{ ...log, version: '2.0.0' }, { ...log, runs: [{ results: [] }] }]) {
    let refused = false;
    await validateSarif(broken).catch(() => (refused = true));
    assert.ok(refused, 'the validator must refuse a broken log');
  }
});

test('sarif: a clean project is a valid log with zero results and every rule', async () => {
  const result = await weft(['validate', acme, '--format', 'sarif']);
  expectExit(result, 0);
  const log = JSON.parse(result.stdout) as SarifLog;
  await validateSarif(log);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  assert.equal(log.runs[0]!.results, []);
  assert.equal(log.runs[0]!.tool.driver.rules.map((rule) => rule.id), allCodes);
});

test('sarif: a finding keeps its fingerprint when lines above it move, and only then', async () => {
  const project = await copyFixture(errorsFixture);
  try {
    const prints = async () => {
      // runWeft, not the memoizing weft(): the same command runs twice on changed files.
      const log = JSON.parse((await runWeft(['validate', project, '--format', 'sarif'])).stdout) as SarifLog;
      return log.runs[0]!.results.map((sarifResult) => ({ rule: sarifResult.ruleId, line: sarifResult.locations[0]!.physicalLocation.region.startLine, uri: sarifResult.locations[0]!.physicalLocation.artifactLocation.uri, print: sarifResult.partialFingerprints!['weftFinding/v1']! }));
    };
    const before = await prints();
    assert.ok(before.length >= 2);
    // Comment lines added at the top of every file: every finding moves down, none changes.
    for (const file of await listFiles(project)) {
      if (!/\.ya?ml$/.test(file)) continue;
      await writeFile(path.join(project, file), `# moved\n# down\n${await readFile(path.join(project, file), 'utf8')}`);
    }
    const after = await prints();
    assert.equal(after.map((entry) => entry.print).sort(), before.map((entry) => entry.print).sort());
    assert.ok(after.some((entry, index) => entry.line !== before[index]!.line), `the lines moved: ${JSON.stringify({ before, after })}`);
    assert.is(new Set(before.map((entry) => entry.print)).size, before.length, 'distinct findings, distinct fingerprints');
  } finally {
    await removeTemporaryDirectory(project);
  }
});

test('sarif: errors are a valid log, one rule per code, results consistent with json', async () => {
  const result = await weft(['validate', errorsFixture, '--format', 'sarif']);
  expectExit(result, 1);
  expectNoStackTrace(result);
  const log = JSON.parse(result.stdout) as SarifLog;
  await validateSarif(log);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.is(run.tool.driver.name, 'weft');
  const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.is(run.tool.driver.version, packageJson.version);
  const ruleIds = run.tool.driver.rules.map((rule) => rule.id);
  assert.equal(ruleIds, allCodes, 'one rule per diagnostic code');
  assert.is(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
  for (const rule of run.tool.driver.rules) {
    assert.is(rule.defaultConfiguration?.level, diagnosticCodes[rule.id as keyof typeof diagnosticCodes].severity, rule.id);
    // What code scanning requires of a rule besides its id.
    assert.ok(rule.fullDescription!.text.startsWith(diagnosticCodes[rule.id as keyof typeof diagnosticCodes].description), rule.id);
    assert.match(rule.help!.text, new RegExp(`weft-ignore ${rule.id}: <reason>`));
    assert.ok(rule.help!.markdown!.includes(`**${rule.id}**`));
  }
  // Every result has a fingerprint, and findings that differ have different ones.
  const prints = run.results.map((sarifResult) => sarifResult.partialFingerprints?.['weftFinding/v1']);
  assert.ok(prints.every((print) => typeof print === 'string' && /^[0-9a-f]{32}$/.test(print)));

  const json = parseJsonReport(await weft(['validate', errorsFixture, '--format', 'json']));
  assert.is(run.results.length, json.diagnostics.length);
  run.results.forEach((sarifResult, index) => {
    const diagnostic = json.diagnostics[index]!;
    assert.is(sarifResult.ruleId, diagnostic.code);
    assert.is(run.tool.driver.rules[sarifResult.ruleIndex]?.id, sarifResult.ruleId, 'ruleIndex points at ruleId');
    assert.is(sarifResult.level, diagnostic.severity);
    assert.ok(sarifResult.message.text.includes(diagnostic.message));
    assert.is(sarifResult.locations.length, 1);
    const { artifactLocation, region } = sarifResult.locations[0]!.physicalLocation;
    assert.is(artifactLocation.uri, `${errorsFixture}/${diagnostic.file}`);
    assert.is(region.startLine, diagnostic.line);
    assert.is(region.startColumn, diagnostic.column);
    assert.is(region.endLine, diagnostic.endLine);
    // weft's endColumn is inclusive; SARIF's is exclusive.
    assert.is(region.endColumn, diagnostic.endColumn + 1);
  });
});

test('sarif: artifact URIs are percent-encoded path segments', async () => {
  const project = await copyFixture('warnings');
  try {
    const name = 'my #1 [x] résumé%.yaml';
    await rename(path.join(project, 'resources.yaml'), path.join(project, name));
    const result = await weft(['validate', '--format', 'sarif'], { cwd: project });
    expectExit(result, 0);
    const log = JSON.parse(result.stdout) as SarifLog;
    await validateSarif(log);
    const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    // Resolved against the project, the URI must name the file: no '#' fragment, no '?' query.
    const resolved = new URL(uri, 'file:///project/');
    assert.is(resolved.hash, '', `'${uri}' has a fragment`);
    assert.is(resolved.search, '', `'${uri}' has a query`);
    assert.is(decodeURIComponent(resolved.pathname), `/project/${name}`);
  } finally {
    await removeTemporaryDirectory(project);
  }
});

// ---------------------------------------------------------------------------------------------
// warnings and --max-warnings

test('warnings alone exit 0; --max-warnings decides', async () => {
  const plain = await weft(['validate', warningsFixture]);
  expectExit(plain, 0);
  assert.match(plain.stdout, /warning\[unused-instance\]/);
  assert.match(plain.stdout, /0 errors, 1 warning/);

  const json = parseJsonReport(await weft(['validate', warningsFixture, '--format', 'json']));
  expectWellFormedJsonReport(json);
  assert.is(json.ok, true);
  assert.is(json.errorCount, 0);
  assert.is(json.warningCount, 1);
  assert.equal(
    json.diagnostics.map(({ code, file, line, column }) => ({ code, file, line, column })),
    [{ code: 'unused-instance', file: 'resources.yaml', line: 23, column: 9 }],
  );

  const [zero, one, five, zeroJson] = await Promise.all([
    weft(['validate', warningsFixture, '--max-warnings', '0']),
    weft(['validate', warningsFixture, '--max-warnings=1']),
    weft(['validate', warningsFixture, '--max-warnings', '5']),
    weft(['validate', warningsFixture, '--max-warnings', '0', '--format', 'json']),
  ]);
  expectExit(zero, 1);
  assert.match(zero.stderr, /max-warnings/);
  expectNoStackTrace(zero);
  expectExit(one, 0);
  expectExit(five, 0);
  expectExit(zeroJson, 1);
  // The report on stdout stays machine-readable when the limit is exceeded.
  expectWellFormedJsonReport(parseJsonReport(zeroJson));
});

test('--max-warnings 0 on a clean project exits 0', async () => {
  expectExit(await weft(['validate', acme, '--max-warnings', '0']), 0);
});

// ---------------------------------------------------------------------------------------------
// wrong usage: exit 2

const usageCases: { name: string; args: string[]; stderr: RegExp }[] = [
  { name: 'unknown command', args: ['frobnicate'], stderr: /unknown command 'frobnicate'/ },
  { name: 'no command', args: [], stderr: /Usage: weft/ },
  { name: 'unknown flag', args: ['validate', acme, '--bogus'], stderr: /--bogus/ },
  { name: 'unknown short flag', args: ['validate', acme, '-z'], stderr: /-z/ },
  { name: 'unknown format', args: ['validate', acme, '--format', 'xml'], stderr: /--format.*'xml'/ },
  { name: 'format without value', args: ['validate', acme, '--format'], stderr: /format/ },
  { name: 'negative max-warnings', args: ['validate', acme, '--max-warnings', '-1'], stderr: /max-warnings/ },
  { name: 'negative max-warnings (=)', args: ['validate', acme, '--max-warnings=-1'], stderr: /max-warnings.*'-1'/ },
  { name: 'non-numeric max-warnings', args: ['validate', acme, '--max-warnings', 'abc'], stderr: /max-warnings.*'abc'/ },
  { name: 'fractional max-warnings', args: ['validate', acme, '--max-warnings', '1.5'], stderr: /max-warnings.*'1\.5'/ },
  { name: 'two directories', args: ['validate', acme, errorsFixture], stderr: /at most one project directory/ },
  { name: 'no weft.yaml', args: ['validate', 'test/fixtures/cli/no-project'], stderr: /no-project.*weft\.yaml/ },
  { name: 'path does not exist', args: ['validate', 'test/fixtures/cli/does-not-exist'], stderr: /does-not-exist/ },
  { name: 'a file instead of a directory', args: ['validate', `${acme}/weft.yaml`], stderr: /weft\.yaml/ },
  { name: 'compile: unknown flag', args: ['compile', acme, '--bogus'], stderr: /--bogus/ },
  { name: 'compile: two directories', args: ['compile', acme, warningsFixture], stderr: /at most one/ },
  { name: 'compile: no weft.yaml', args: ['compile', 'test/fixtures/cli/no-project'], stderr: /weft\.yaml/ },
  { name: 'schema: unexpected argument', args: ['schema', 'extra'], stderr: /'extra'/ },
];

for (const usageCase of usageCases) {
  test(`exit 2: ${usageCase.name}`, async () => {
    const result = await weft(usageCase.args);
    expectExit(result, 2);
    expectNoStackTrace(result);
    assert.match(result.stderr, usageCase.stderr);
    assert.is(result.stdout, '', 'nothing on stdout for wrong usage');
  });
}

test('user errors show no stack trace even with WEFT_DEBUG=1', async () => {
  const results = await Promise.all([
    weft(['validate', errorsFixture], { env: { WEFT_DEBUG: '1' } }),
    weft(['validate', 'test/fixtures/cli/no-project'], { env: { WEFT_DEBUG: '1' } }),
    weft(['validate', acme, '--format', 'xml'], { env: { WEFT_DEBUG: '1' } }),
  ]);
  assert.equal(results.map((result) => result.code), [1, 2, 2]);
  for (const result of results) expectNoStackTrace(result);
});

// ---------------------------------------------------------------------------------------------
// compile

interface BundleJson {
  apiVersion: string;
  kind: string;
  project: string;
  resources: { kind: string; name: string; sha256: string; metadata: Record<string, unknown>; spec: Record<string, unknown> }[];
  sha256: string;
}

const kindRank: Record<string, number> = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 };

async function compileTo(project: string, directory: string, name: string, options: RunOptions = {}): Promise<{ result: RunResult; bytes?: string }> {
  const out = path.join(directory, name);
  const result = await weft(['compile', project, '--out', out], options);
  return { result, bytes: existsSync(out) ? await readFile(out, 'utf8') : undefined };
}

test('compile --out writes the canonical bundle', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    const { result, bytes } = await compileTo(acme, directory, 'bundle.json');
    expectExit(result, 0);
    assert.ok(bytes, 'bundle written');
    assert.ok(bytes.endsWith('}\n'));
    const bundle = JSON.parse(bytes) as BundleJson;
    assert.is(bundle.apiVersion, 'weft/v1');
    assert.is(bundle.kind, 'Bundle');
    assert.is(bundle.project, 'acme-integrations');
    assert.match(bundle.sha256, /^[0-9a-f]{64}$/);
    // One resource per Connector, Instance and Flow of the example's default environment
    // (staging: production's backfill flow is production's alone).
    assert.is(bundle.resources.length, 17);
    const kinds = new Set(bundle.resources.map((resource) => resource.kind));
    assert.equal([...kinds], ['Connector', 'Instance', 'Lookup', 'Flow']);
    for (let i = 1; i < bundle.resources.length; i++) {
      const previous = bundle.resources[i - 1]!;
      const current = bundle.resources[i]!;
      const order = kindRank[previous.kind]! - kindRank[current.kind]! || (previous.name < current.name ? -1 : previous.name > current.name ? 1 : 0);
      assert.ok(order < 0, `${previous.kind}/${previous.name} before ${current.kind}/${current.name}`);
    }
    const hashes = new Set<string>();
    for (const resource of bundle.resources) {
      assert.match(resource.sha256, /^[0-9a-f]{64}$/, `${resource.kind}/${resource.name}`);
      assert.is(resource.metadata.name, resource.name);
      hashes.add(resource.sha256);
    }
    assert.is(hashes.size, bundle.resources.length, 'resource hashes are distinct');
    // The bundle hash covers everything but itself.
    const { sha256: bundleHash, ...body } = bundle;
    assert.is(sha256(canonicalJson(body)), bundleHash);
    // Canonical: the bytes are the sorted-key rendering of the data.
    assert.is(bytes, canonicalJson(bundle, 2) + '\n');
    // Placeholders are kept, never resolved.
    assert.ok(bytes.includes('${secret:shopify/uk/access-token}'));
    // The temporary file of the atomic write is gone.
    assert.equal(await readdir(directory), ['bundle.json']);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('compile is deterministic: twice, from another directory, with parse workers: the same bytes', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    const first = await compileTo(acme, directory, 'first.json');
    const second = await compileTo(acme, directory, 'second.json');
    const third = await compileTo('.', directory, 'third.json', { cwd: path.join(repoRoot, acme) });
    // Files parsed in worker threads (dist/parse-worker.cjs), as for big projects.
    const fourth = await compileTo(acme, directory, 'fourth.json', { env: { WEFT_WORKERS: '2' } });
    for (const run of [first, second, third, fourth]) expectExit(run.result, 0);
    assert.ok(first.bytes);
    assert.is(second.bytes, first.bytes);
    assert.is(third.bytes, first.bytes);
    assert.is(fourth.bytes, first.bytes);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('compile does not depend on file names or layout', async () => {
  const directory = await makeTemporaryDirectory();
  const moved = await copyFixture(path.join(repoRoot, acme));
  const merged = await copyFixture(path.join(repoRoot, acme));
  try {
    // Every resource file renamed and moved to another folder (fixtures/ stays excluded).
    let counter = 0;
    for (const folder of ['connectors', 'instances', 'flows']) {
      for (const file of (await readdir(path.join(moved, folder))).sort().reverse()) {
        const target = path.join(moved, 'z', String(counter % 3), `${String(++counter).padStart(2, '0')}-${folder}.yml`);
        await mkdir(path.dirname(target), { recursive: true });
        await rename(path.join(moved, folder, file), target);
      }
    }
    // (environments/ stays: its overlays patch by kind and name, wherever the resources are.)
    assert.is(counter, 15);
    // Every resource in one multi-document file, in reverse order.
    const documents: string[] = [];
    for (const folder of ['connectors', 'instances', 'flows']) {
      for (const file of await readdir(path.join(merged, folder))) {
        documents.push(await readFile(path.join(merged, folder, file), 'utf8'));
      }
    }
    await writeFile(path.join(merged, 'all.yaml'), documents.reverse().join('\n---\n'));
    for (const folder of ['connectors', 'instances', 'flows']) await rm(path.join(merged, folder), { recursive: true });

    const original = await compileTo(acme, directory, 'original.json');
    const fromMoved = await compileTo(moved, directory, 'moved.json');
    const fromMerged = await compileTo(merged, directory, 'merged.json');
    for (const run of [original, fromMoved, fromMerged]) expectExit(run.result, 0);
    assert.ok(original.bytes);
    assert.is(fromMoved.bytes, original.bytes, 'renamed and moved files give another bundle');
    assert.is(fromMerged.bytes, original.bytes, 'one multi-document file gives another bundle');
  } finally {
    await Promise.all([directory, moved, merged].map(removeTemporaryDirectory));
  }
});

test('compile refuses a project with errors and writes no file', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    const { result, bytes } = await compileTo(errorsFixture, directory, 'bundle.json');
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(bytes, undefined, 'bundle written despite errors');
    assert.equal(await readdir(directory), []);
    assert.match(result.stdout + result.stderr, /error\[unknown-instance\]/);
    assert.match(result.stderr, /no bundle written/);
    // Without --out: nothing that looks like a bundle on stdout.
    const toStdout = await weft(['compile', errorsFixture]);
    expectExit(toStdout, 1);
    assert.not.match(toStdout.stdout, /"kind": "Bundle"/);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('compile --out onto a directory or under a file is a clear user error, not a bug', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    await mkdir(path.join(directory, 'existing-dir'));
    await writeFile(path.join(directory, 'a-file'), 'not a directory\n');
    // Not a usage error (2): the arguments are well-formed, the operation fails (1).
    for (const [out, why] of [
      ['existing-dir', 'it is a directory'],
      ['a-file/bundle.json', 'a file is in the way'],
    ] as const) {
      const result = await weft(['compile', path.join(repoRoot, acme), '--out', out], { cwd: directory });
      expectExit(result, 1);
      expectNoStackTrace(result);
      assert.is(result.stdout, '');
      assert.is(result.stderr, `weft compile: cannot write ${path.join(directory, out)}: ${why}\n`);
    }
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('a failed compile --out leaves no temporary file behind', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    await mkdir(path.join(directory, 'existing-dir'));
    const result = await weft(['compile', path.join(repoRoot, acme), '--out', 'existing-dir'], { cwd: directory });
    expectExit(result, 1);
    assert.equal(await readdir(directory), ['existing-dir']);
    assert.equal(await readdir(path.join(directory, 'existing-dir')), []);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('schema --out onto an existing file is a clear user error, not a bug', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    await writeFile(path.join(directory, 'a-file'), 'not a directory\n');
    const result = await weft(['schema', '--out', 'a-file'], { cwd: directory });
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(result.stdout, '');
    assert.is(result.stderr, `weft schema: cannot create directory ${path.join(directory, 'a-file')}: a file is in the way\n`);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('compile without --out prints only the bundle on stdout', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    const [toStdout, toFile] = await Promise.all([weft(['compile', acme]), compileTo(acme, directory, 'bundle.json')]);
    expectExit(toStdout, 0);
    assert.is(toStdout.stderr, '');
    assert.is(toStdout.stdout, toFile.bytes);
    assert.is((JSON.parse(toStdout.stdout) as BundleJson).kind, 'Bundle');
    // Warnings go to stderr so stdout stays the bundle alone.
    const warned = await weft(['compile', warningsFixture]);
    expectExit(warned, 0);
    const bundle = JSON.parse(warned.stdout) as BundleJson;
    assert.is(bundle.kind, 'Bundle');
    assert.equal(bundle.resources.map((resource) => `${resource.kind}/${resource.name}`), ['Connector/orders-api', 'Instance/orders-prod']);
    assert.match(warned.stderr, /unused-instance/);
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

// ---------------------------------------------------------------------------------------------
// schema

test('schema --out writes every schema file', async () => {
  const directory = await makeTemporaryDirectory();
  try {
    const result = await weft(['schema', '--out', path.join(directory, 'nested', 'schemas')]);
    expectExit(result, 0);
    const written = (await readdir(path.join(directory, 'nested', 'schemas'))).sort();
    const expected = (await readdir(path.join(repoRoot, 'schemas'))).filter((file) => file.endsWith('.schema.json')).sort();
    assert.ok(written.includes('weft.schema.json') && written.includes('connector.schema.json'), written.join(', '));
    assert.equal(written, expected);
    for (const file of written) {
      const schema = JSON.parse(await readFile(path.join(directory, 'nested', 'schemas', file), 'utf8')) as Record<string, unknown>;
      assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
      assert.equal(schema, JSON.parse(await readFile(path.join(repoRoot, 'schemas', file), 'utf8')), `${file} differs from schemas/${file}`);
    }
  } finally {
    await removeTemporaryDirectory(directory);
  }
});

test('schema prints one self-contained JSON Schema that accepts the example', async () => {
  const result = await weft(['schema']);
  expectExit(result, 0);
  const schema = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let documents = 0;
  for (const file of ['weft.yaml', 'connectors/shopify.yaml', 'instances/shopify.yaml', 'flows/orders-to-netsuite.yaml']) {
    for (const document of parseAllDocuments(await readFile(path.join(repoRoot, acme, file), 'utf8'))) {
      documents++;
      assert.ok(validate(document.toJS()), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  }
  assert.is(documents, 5);
  assert.not.ok(validate({ apiVersion: 'weft/v1', kind: 'Flow', metadata: { name: 'x' }, spec: {} }));
});

// ---------------------------------------------------------------------------------------------
// version and help

test('--version prints the version of package.json', async () => {
  const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const result = await weft(['--version']);
  expectExit(result, 0);
  assert.is(result.stdout, `weft ${packageJson.version}\n`);
});

test('--help exits 0 and lists the commands', async () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const result = await weft(args);
    expectExit(result, 0);
    for (const command of ['validate', 'compile', 'schema']) assert.match(result.stdout, new RegExp(`^\\s+${command} `, 'm'));
    assert.match(result.stdout, /Exit codes/);
  }
  const validateHelp = await weft(['validate', '--help']);
  expectExit(validateHelp, 0);
  assert.match(validateHelp.stdout, /--max-warnings/);
  // Every command's help: its usage, its options (each one it takes), and an example of it.
  const listed = (await weft(['--help'])).stdout;
  const names = [...listed.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1]!);
  assert.ok(names.length >= 18, names.join(' '));
  for (const name of names) {
    const help = await weft([name, '--help']);
    expectExit(help, 0);
    assert.match(help.stdout, new RegExp(`^Usage: weft ${name}`), name);
    const options = help.stdout.slice(help.stdout.indexOf('Options:'), help.stdout.indexOf('Example'));
    for (const option of [...help.stdout.split('\n')[0]!.matchAll(/\[--([a-z-]+)/g)].map((match) => match[1]!)) assert.match(options, new RegExp(`--${option}\\b`), `${name} --help lists --${option}`);
    assert.match(help.stdout, new RegExp(`\nExamples?:\n {2}(\\S+=\\S+ )?weft ${name}\\b`), `${name} --help has an example`);
  }
});

test('a mistyped command or option gets what it was meant to be (exit 2)', async () => {
  const command = await weft(['valdate', acme]);
  expectExit(command, 2);
  assert.match(command.stderr, /^weft: unknown command 'valdate'; did you mean 'weft validate'\?/);
  const option = await weft(['validate', acme, '--formt', 'json']);
  expectExit(option, 2);
  assert.match(option.stderr, /Unknown option '--formt'; did you mean '--format'\?/);
  // Nothing near: no guess.
  assert.match((await weft(['xyzzy'])).stderr, /^weft: unknown command 'xyzzy'\n/);
});

test('the code cache built with the binary is accepted (start-up depends on it)', async () => {
  // --no-cache: a result served from .weft/cache/ would not load the bundle at all.
  const result = await weft(['validate', acme, '--no-cache'], { env: { WEFT_DEBUG: '1' } });
  expectExit(result, 0);
  assert.not.match(result.stderr, /code cache was rejected/);
});

// Every read-only run of this file, started at once (runWeft bounds how many run together).
test.before(() => {
  const prefetch: [string[], RunOptions?][] = [
    [['validate', acme]],
    [['validate', acme, '--format', 'json']],
    [['validate', acme, '--format', 'sarif']],
    [['validate', errorsFixture]],
    [['validate', errorsFixture, '--format', 'json']],
    [['validate', errorsFixture, '--format', 'github']],
    [['validate', errorsFixture, '--format', 'sarif']],
    [['validate', warningsFixture]],
    [['validate', warningsFixture, '--format', 'json']],
    [['validate', warningsFixture, '--format', 'github']],
    [['validate'], { cwd: path.join(repoRoot, acme) }],
    [['validate', acme, '--format', 'github']],
    [['validate', errorsFixture], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }],
    [['validate', errorsFixture], { env: { NO_COLOR: undefined } }],
    [['validate', errorsFixture], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }],
    [['validate', path.join(cliFixtures, 'control-characters')]],
    [['validate', 'test/fixtures/cli/collection-key', '--format', 'json']],
    [['validate', 'test/fixtures/cli/long-line']],
    [['validate', '--format', 'json'], { cwd: path.join(repoRoot, errorsFixture) }],
    [['validate', path.join(repoRoot, errorsFixture), '--format', 'json'], { cwd: path.join(repoRoot, 'examples') }],
    [['validate', '--format', 'github'], { cwd: path.join(repoRoot, errorsFixture) }],
    [['validate', warningsFixture, '--max-warnings', '0']],
    [['validate', warningsFixture, '--max-warnings=1']],
    [['validate', warningsFixture, '--max-warnings', '5']],
    [['validate', warningsFixture, '--max-warnings', '0', '--format', 'json']],
    [['validate', acme, '--max-warnings', '0']],
    [['validate', errorsFixture], { env: { WEFT_DEBUG: '1' } }],
    [['validate', 'test/fixtures/cli/no-project'], { env: { WEFT_DEBUG: '1' } }],
    [['validate', acme, '--format', 'xml'], { env: { WEFT_DEBUG: '1' } }],
    [['compile', acme]],
    [['compile', errorsFixture]],
    [['compile', warningsFixture]],
    [['schema']],
    [['--version']],
    [['--help']],
    [['-h']],
    [['help']],
    [['validate', '--help']],
    ...usageCases.map((usageCase): [string[]] => [usageCase.args]),
  ];
  for (const [args, options] of prefetch) weft(args, options).catch(() => {});
});

test("validate: '$async' in a settings schema is an error at its key, not 'ok' and an unhandled rejection", async () => {
  const root = await writeProject({
    'weft.yaml': projectFile,
    'shop.yaml': `apiVersion: weft/v1
kind: Connector
metadata: { name: shop }
spec:
  version: 1.0.0
  http: { baseUrl: https://shop.example.com }
  settings:
    $async: true
    type: object
    properties: { shop: { type: string } }
  endpoints: { list: { path: /orders } }
---
apiVersion: weft/v1
kind: Instance
metadata: { name: shop-uk }
spec: { connector: shop, settings: { shop: 42 } }
`,
  });
  try {
    const result = await runWeft(['validate', root, '--format', 'json'], { timeoutMs: 10_000 });
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(result.stderr, '');
    const report = parseJsonReport(result);
    assert.is(report.ok, false);
    const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    assert.equal(errors.map((error) => [error.code, error.pointer, error.line, error.column, error.message]), [
      ['schema', '/spec/settings/$async', 8, 5, "settings uses '$async': async schemas are not supported"],
    ]);
  } finally {
    await removeProject(root);
  }
});

test('validate: a file of 40,000 documents is reported in seconds (each document no longer scans the whole file)', async () => {
  // Against a file of 10,000 in the same run, so a loaded machine slows both alike: four times
  // the documents take about four times as long (sixteen, were it quadratic).
  const small = await writeProject({ 'weft.yaml': projectFile, 'many.yaml': '{}\n---\n'.repeat(10_000) });
  const root = await writeProject({ 'weft.yaml': projectFile, 'many.yaml': '{}\n---\n'.repeat(40_000) });
  try {
    const timed = async (directory: string) => {
      const started = performance.now();
      const result = await runWeft(['validate', directory, '--format', 'json'], { timeoutMs: 30_000 });
      return { result, ms: performance.now() - started };
    };
    const baseline = await timed(small);
    const { result, ms: elapsed } = await timed(root);
    expectExit(result, 1);
    expectNoStackTrace(result);
    assert.is(parseJsonReport(result).errorCount, 40_000);
    assert.ok(elapsed < 8 * baseline.ms, `40,000 documents took ${elapsed.toFixed(0)} ms, 10,000 took ${baseline.ms.toFixed(0)} ms`);
  } finally {
    await removeProject(small);
    await removeProject(root);
  }
});

test.run();
