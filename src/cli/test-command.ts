import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo, Command } from './cli.js';
import type { Bundle } from '../compile/compile-bundle.js';
import { UsageError } from './cli.js';
import { environmentOption, projectDirectory, reportContext, requestedEnvironment } from './options.js';
import { declaredEnvironments } from '../environments/select-environment.js';
import { inOverlay } from '../environments/apply-overlay.js';
import { compileEnvironments, compileProject } from '../pipeline/compile-project.js';
import type { ValidationResult } from '../pipeline/validate-project.js';
import { locateFindings } from '../pipeline/locate-findings.js';
import { insideProject } from '../pipeline/lookup-files.js';
import { formatReport } from '../report/format-report.js';
import { escapeControl } from '../report/escape-control.js';
import { coverageOf, type FlowCoverage } from '../testing/coverage.js';
import type { TestCase, TestResult } from '../testing/run-tests.js';

const testFormats = ['pretty', 'json', 'junit'] as const;

export const testCommand: Command = {
  summary: "run the project's tests (tests/*.yaml, kind Test): flows offline, against given answers",
  usage: 'test [dir] [--env name] [--flow name] [--filter text] [--format pretty|json|junit] [--jobs n] [--coverage] [--update]',
  examples: ['weft test --flow orders-to-netsuite', 'weft test --format junit > junit.xml'],
  options: { ...environmentOption, flow: { type: 'string' }, filter: { type: 'string' }, format: { type: 'string', short: 'f' }, jobs: { type: 'string' }, coverage: { type: 'boolean' }, update: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const format = (values.format ?? 'pretty') as (typeof testFormats)[number];
    if (!testFormats.includes(format)) throw new UsageError(`--format must be one of ${testFormats.join(', ')}, not '${String(values.format)}'`);
    const jobs = values.jobs === undefined ? 8 : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs must be a whole number from 1 to 256, not '${String(values.jobs)}'`);
    if (values.coverage === true && format === 'junit') throw new UsageError('--coverage is shown in the pretty and json formats, not in JUnit XML');
    const flow = values.flow === undefined ? undefined : String(values.flow);
    const wanted = { flow, filter: values.filter === undefined ? undefined : String(values.filter), environment: requestedEnvironment(values), jobs };
    const directory = projectDirectory(positionals, io);
    let run = await runProjectTests(directory, wanted, io);
    if (!('results' in run)) return run.exit;
    if (values.update === true) {
      // Rewrites the expectations of the tests that failed, then runs them all again: what is
      // reported (and the exit code) is the tests as they are now.
      const { updateFailedTests } = await import('./test-update.js');
      if ((await updateFailedTests(run.root, run.results, io)) > 0) {
        run = await runProjectTests(directory, wanted, io);
        if (!('results' in run)) return run.exit;
      }
    }
    const { results, bundles } = run;
    const coverage = values.coverage === true ? coverageOf(bundles, results).filter((entry) => flow === undefined || entry.flow === flow) : undefined;
    io.stdout.write(format === 'json' ? formatJson(results, coverage) : format === 'junit' ? formatJunit(results) : formatPretty(results) + (coverage ? formatCoverage(coverage) : ''));
    return results.every((entry) => entry.passed) ? 0 : 1;
  },
};

/**
 * Compiles the project and runs its tests (of a flow, matching a filter); without an environment
 * asked for, also the tests only other environments have, each there. A project with errors
 * runs none: its diagnostics are printed (exit 1).
 */
async function runProjectTests(
  directory: string,
  wanted: { flow?: string; filter?: string; environment?: string; jobs: number },
  io: CliIo,
): Promise<{ root: string; results: TestResult[]; bundles: Bundle[] } | { exit: number }> {
  const result = await compileProject(directory, { env: io.env, environment: wanted.environment });
  // Tests run on what would be deployed: a project with errors has nothing to run.
  const refused = (failed: ValidationResult) => {
    io.stdout.write(formatReport('pretty', failed.diagnostics, reportContext(failed.project.root, io, failed.project.sources, io.stdout), { files: failed.project.files.length, resources: failed.project.resources.length }));
    return { exit: 1 };
  };
  if (result.errorCount > 0 || !result.bundle) return refused(result);
  const { runTests } = await import('../testing/run-tests.js');
  const results = await runTests(result.bundle, await testCases(result, wanted), wanted.jobs);
  const bundles = [result.bundle];
  // Without --env, the tests only other environments have (added by their overlays, as the
  // test of a production-only flow) run there: `weft test` runs every test of the project.
  const others = wanted.environment === undefined ? environmentsWithTests(result) : [];
  for (const other of others.length > 0 ? await compileEnvironments(result.project.root, others, { env: io.env }) : []) {
    if (other.errorCount > 0 || !other.bundle) return refused(other);
    const seen = new Set(results.map((entry) => entry.name));
    const cases = (await testCases(other, wanted)).filter((entry) => !seen.has(entry.name)).map((entry) => ({ ...entry, environment: other.environment!.name }));
    results.push(...(await runTests(other.bundle, cases, wanted.jobs)));
    bundles.push(other.bundle);
  }
  return { root: result.project.root, results, bundles };
}

/** The environments other than the one validated whose overlays hold tests. */
function environmentsWithTests(result: ValidationResult): string[] {
  if (!result.environment) return [];
  const declared = declaredEnvironments(result.project.resources.find((resource) => resource.kind === 'Project')?.value);
  const holdsTest = (document: { value: unknown }) => (document.value as { kind?: unknown } | null)?.kind === 'Test';
  return [...declared.values()]
    .filter((environment) => environment.name !== result.environment!.name && result.project.overlays.some((file) => inOverlay(file.file, environment) && file.documents.some(holdsTest)))
    .map((environment) => environment.name);
}

/** The project's tests (of --flow, matching --filter), each with its line and given file's records, in file and line order. */
async function testCases(result: ValidationResult, wanted: { flow?: string; filter?: string }): Promise<TestCase[]> {
  const documents = result.project.resources.filter(
    (resource): resource is Extract<typeof resource, { kind: 'Test' }> =>
      resource.kind === 'Test' && resource.valid && (wanted.flow === undefined || resource.value.spec.flow === wanted.flow) && (wanted.filter === undefined || resource.name.includes(wanted.filter)),
  );
  // Where each test is: the line of its name (located as diagnostics are).
  const lines = locateFindings(
    documents.map((resource) => ({ severity: 'error' as const, code: 'schema' as const, message: resource.name, file: resource.file, document: resource.document, pointer: '/metadata/name' })),
    result.project.sources,
  );
  const { recordsOfFile } = await import('../testing/run-tests.js');
  const tests = await Promise.all(
    documents.map(async (resource): Promise<TestCase> => {
      const spec = resource.value.spec;
      const file = spec.given?.file;
      return {
        name: resource.name,
        file: resource.file,
        line: lines.find((line) => line.file === resource.file && line.message === resource.name)?.line ?? 1,
        document: resource.document,
        spec,
        ...(file !== undefined && { fileRecords: await readRecords(result.project.root, resource.file, file, recordsOfFile) }),
      };
    }),
  );
  return tests.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** The records of a test's `given.file`: next to the test, inside the project. */
async function readRecords(root: string, testFile: string, file: string, parse: (text: string, file: string) => unknown[] | Error): Promise<unknown[] | Error> {
  const absolute = path.resolve(root, path.dirname(testFile), file);
  const relative = path.relative(root, absolute);
  // As a lookup table's CSV file: inside the project once links are followed, not in .weft/.
  const where = insideProject(root, absolute);
  if (where !== 'inside') return new Error(`${file} is ${where}`);
  try {
    return parse(await readFile(absolute, 'utf8'), relative.split(path.sep).join('/'));
  } catch (error) {
    return new Error(`${relative.split(path.sep).join('/')} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * JUnit XML, as CI systems read it (valid against the JUnit schema of Jenkins' xUnit plugin): a
 * suite per test file, a case per test (its flow as the class name), a failure with the first
 * problem as its message and, as its text, the test's `file:line` and every problem.
 */
function formatJunit(results: readonly TestResult[]): string {
  const xml = (text: string) =>
    text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const failed = (entries: readonly TestResult[]) => entries.filter((entry) => !entry.passed).length;
  const files = [...new Set(results.map((entry) => entry.file))];
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="weft test" tests="${results.length}" failures="${failed(results)}" errors="0">`];
  for (const file of files) {
    const entries = results.filter((entry) => entry.file === file);
    lines.push(`  <testsuite name="${xml(file)}" tests="${entries.length}" failures="${failed(entries)}" errors="0" skipped="0" file="${xml(file)}">`);
    for (const entry of entries) {
      const open = `    <testcase name="${xml(entry.name)}" classname="${xml(entry.environment !== undefined ? `${entry.environment}.${entry.flow}` : entry.flow)}"`;
      if (entry.passed) lines.push(`${open}/>`);
      else lines.push(`${open}>`, `      <failure message="${xml(entry.problems[0] ?? 'failed')}" type="weft-test">${xml(`${entry.file}:${entry.line}\n${entry.problems.join('\n')}`)}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function formatPretty(results: readonly TestResult[]): string {
  if (results.length === 0) return 'no tests (tests are documents of kind Test, such as tests/*.yaml)\n';
  const lines: string[] = [];
  for (const entry of results) {
    lines.push(`${entry.passed ? '✔' : '✘'} ${escapeControl(entry.name)} (flow ${escapeControl(entry.flow)}${entry.environment !== undefined ? `, in ${escapeControl(entry.environment)}` : ''})${entry.passed ? '' : `  ${entry.file}:${entry.line}`}`);
    for (const problem of entry.problems) lines.push(`    ${escapeControl(problem)}`);
  }
  const failed = results.filter((entry) => !entry.passed).length;
  lines.push('', `${results.length} test${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function formatJson(results: readonly TestResult[], coverage: FlowCoverage[] | undefined): string {
  const failed = results.filter((entry) => !entry.passed).length;
  // No durations: the same tests give byte-identical output.
  const tests = results.map(({ name, file, line, flow, environment, passed, problems }) => ({ name, file, line, flow, ...(environment !== undefined && { environment }), status: passed ? 'passed' : 'failed', problems }));
  return `${JSON.stringify({ format_version: '1', tests, summary: { tests: results.length, passed: results.length - failed, failed }, ...(coverage && { coverage }) }, null, 2)}\n`;
}

/** Per flow: steps and lists exercised out of all, and those no test reached. */
function formatCoverage(coverage: readonly FlowCoverage[]): string {
  const lines = ['', 'Coverage (steps and lists that records went into):'];
  const width = Math.max(...coverage.map((entry) => entry.flow.length));
  for (const entry of coverage) {
    const lists = entry.lists.total > 0 ? `, lists ${entry.lists.exercised}/${entry.lists.total}` : '';
    lines.push(`  ${escapeControl(entry.flow).padEnd(width)}  ${entry.tests === 0 ? 'no tests' : `${entry.tests} test${entry.tests === 1 ? '' : 's'}`}: steps ${entry.steps.exercised}/${entry.steps.total}${lists}`);
    const missed = [...entry.lists.missed.map((path) => `list ${path}`), ...entry.steps.missed.filter((path) => !entry.lists.missed.some((list) => path.startsWith(`${list}/`)))];
    if (entry.tests > 0 && missed.length > 0) lines.push(`  ${''.padEnd(width)}  not reached: ${missed.map(escapeControl).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
