import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { ChangedLines, ReportContext } from '../src/report/report-context.js';
import { annotationsPerType, formatGithub } from '../src/report/format-github.js';
import { formatReport } from '../src/report/format-report.js';
import { makeTemporaryDirectory, removeTemporaryDirectory, repoRoot, runWeft, type RunResult, expectExit, expectNoStackTrace } from './helpers/run-weft.js';
import { git, hermeticGit } from './helpers/git.js';
import { singleAcme } from './helpers/single-acme.js';

// `--format github`: which diagnostics become workflow commands (annotations), in what order, how
// the rest are logged, and how text is escaped. First formatGithub itself on synthetic
// diagnostics, then the binary with --changed-since in real git repositories.

const test = suite('format-github');

// ---------------------------------------------------------------------------------------------
// Synthetic diagnostics

const context: ReportContext = { projectPath: '', color: false, sources: new Map(), toolVersion: '0.0.0-test' };

let serial = 0;

/** A diagnostic with a unique message (`<severity> #<n>`) on one line of its own file unless told otherwise. */
function diagnostic(severity: 'error' | 'warning', overrides: Partial<Diagnostic> = {}): Diagnostic {
  const n = ++serial;
  return {
    severity,
    code: severity === 'error' ? 'bad-cron' : 'unused-instance',
    message: `${severity} #${n}`,
    file: `flows/flow-${String(n).padStart(3, '0')}.yaml`,
    line: 5,
    column: 3,
    endLine: 5,
    endColumn: 9,
    ...overrides,
  };
}

function errors(count: number, overrides: Partial<Diagnostic> = {}): Diagnostic[] {
  return Array.from({ length: count }, () => diagnostic('error', overrides));
}

/** Output lines, checking the output ends with exactly one newline. */
function outputLines(text: string): string[] {
  if (text === '') return [];
  assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `output should end with one newline: ${JSON.stringify(text.slice(-40))}`);
  return text.slice(0, -1).split('\n');
}

/** The workflow command GitHub reads for a diagnostic (no escaping needed for the synthetic ones). */
function command(d: Diagnostic): string {
  return `::${d.severity} file=${d.file},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.code}::${d.message}`;
}

/** The plain log line of a diagnostic that is not annotated. */
function logLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}`;
}

const isCommand = (line: string) => line.startsWith('::');
const noticePrefix = '::notice title=weft::';

/** Interleaves errors and warnings deterministically: e e w e e w ... then what is left. */
function interleave(errorList: Diagnostic[], warningList: Diagnostic[]): Diagnostic[] {
  const result: Diagnostic[] = [];
  const e = [...errorList];
  const w = [...warningList];
  while (e.length > 0 || w.length > 0) {
    result.push(...e.splice(0, 2), ...w.splice(0, 1));
  }
  return result;
}

test('the cap is what GitHub shows: 10 annotations of each type', () => {
  assert.is(annotationsPerType, 10);
});

test('without changed lines: order kept, 10 errors and 10 warnings annotated, the rest logged, one notice', () => {
  const errorList = errors(25);
  const warningList = Array.from({ length: 12 }, () => diagnostic('warning'));
  const all = interleave(errorList, warningList);
  const lines = outputLines(formatGithub(all, context));

  // One line per diagnostic, in the input order, then the notice.
  assert.is(lines.length, all.length + 1);
  const annotatedErrors = new Set(errorList.slice(0, 10));
  const annotatedWarnings = new Set(warningList.slice(0, 10));
  all.forEach((d, index) => {
    const expected = annotatedErrors.has(d) || annotatedWarnings.has(d) ? command(d) : logLine(d);
    assert.is(lines[index], expected, `line ${index + 1}`);
  });

  assert.is(lines.filter((line) => line.startsWith('::error ')).length, 10);
  assert.is(lines.filter((line) => line.startsWith('::warning ')).length, 10);
  const plain = lines.filter((line) => !isCommand(line));
  assert.is(plain.length, 17);
  assert.is(plain.filter((line) => /^[^:]+:\d+:\d+: error\[bad-cron\] error #\d+$/.test(line)).length, 15);
  assert.is(plain.filter((line) => /^[^:]+:\d+:\d+: warning\[unused-instance\] warning #\d+$/.test(line)).length, 2);

  const notice = lines.at(-1)!;
  assert.ok(notice.startsWith(noticePrefix), notice);
  assert.is(lines.filter((line) => line.startsWith('::notice')).length, 1);
  assert.match(notice, /\b15 errors and 2 warnings\b/);
  assert.match(notice, /SARIF/);
  assert.not.match(notice, /[\r\n]/);
});

test('formatReport github is formatGithub', () => {
  const all = interleave(errors(12), [diagnostic('warning')]);
  assert.is(formatReport('github', all, context), formatGithub(all, context));
  const changedLines: ChangedLines = new Map([[all[5]!.file, new Set([5])]]);
  assert.is(formatReport('github', all, { ...context, changedLines }), formatGithub(all, { ...context, changedLines }));
});

test('at most 10 of each: every diagnostic annotated, no notice', () => {
  const all = interleave(errors(10), Array.from({ length: 10 }, () => diagnostic('warning')));
  const lines = outputLines(formatGithub(all, context));
  assert.equal(lines, all.map(command));
  assert.not.ok(lines.some((line) => line.startsWith('::notice')));

  assert.is(formatGithub([], context), '');
  const few = [diagnostic('warning'), ...errors(3)];
  assert.equal(outputLines(formatGithub(few, context)), few.map(command));
});

test('one over the cap: the notice names only what is left out, in the singular', () => {
  const all = errors(11);
  const lines = outputLines(formatGithub(all, context));
  assert.is(lines.length, 12);
  assert.is(lines[10], logLine(all[10]!));
  const notice = lines[11]!;
  assert.ok(notice.startsWith(noticePrefix), notice);
  assert.match(notice, /\b1 error\b/);
  assert.not.match(notice, /1 errors|warning/);

  // Warnings only over the cap: the errors are not mentioned.
  const warningsOnly = Array.from({ length: 13 }, () => diagnostic('warning'));
  const warningNotice = outputLines(formatGithub(warningsOnly, context)).at(-1)!;
  assert.ok(warningNotice.startsWith(noticePrefix), warningNotice);
  assert.match(warningNotice, /\b3 warnings\b/);
  assert.not.match(warningNotice, /error/);
});

test('changed lines first: the 3 errors on changed lines are annotated, first, in their order', () => {
  const all = errors(15);
  const onChanged = [all[4]!, all[9]!, all[13]!];
  const changedLines: ChangedLines = new Map(onChanged.map((d) => [d.file, new Set([d.line])]));
  const lines = outputLines(formatGithub(all, { ...context, changedLines }));

  const others = all.filter((d) => !onChanged.includes(d));
  const expectedOrder = [...onChanged, ...others];
  assert.is(lines.length, 16);
  expectedOrder.forEach((d, index) => {
    assert.is(lines[index], index < 10 ? command(d) : logLine(d), `line ${index + 1}`);
  });
  assert.match(lines[15]!, /^::notice title=weft::.*\b5 errors\b/);
});

test('changed lines: another line of the file, or the same line of another file, does not count', () => {
  const [first, second, third] = [diagnostic('error'), diagnostic('error', { line: 8, endLine: 8 }), diagnostic('error')];
  const changedLines: ChangedLines = new Map<string, ReadonlySet<number> | 'all'>([
    [second!.file, new Set([7, 9])], // around it, not on it
    ['flows/elsewhere.yaml', new Set([5])], // first's and third's line, in a file with no diagnostic
    [third!.file, new Set([5])],
  ]);
  const lines = outputLines(formatGithub([first!, second!, third!], { ...context, changedLines }));
  assert.equal(lines, [third!, first!, second!].map(command));
});

test("changed lines: a file marked 'all' counts wholly", () => {
  const all = errors(12);
  // Two diagnostics, far apart, in one new file; and one in a file with a set that misses it.
  const newFile = 'flows/new-flow.yaml';
  all[7] = { ...all[7]!, file: newFile, line: 3, endLine: 3 };
  all[11] = { ...all[11]!, file: newFile, line: 300, endLine: 302 };
  const changedLines: ChangedLines = new Map<string, ReadonlySet<number> | 'all'>([
    [newFile, 'all'],
    [all[2]!.file, new Set([1])],
  ]);
  const lines = outputLines(formatGithub(all, { ...context, changedLines }));
  assert.is(lines[0], command(all[7]!));
  assert.is(lines[1], command(all[11]!));
  assert.is(lines[2], command(all[0]!));
  // The eleventh and twelfth in the new order are the last two of the original order, minus the moved ones.
  assert.is(lines[10], logLine(all[9]!));
  assert.is(lines[11], logLine(all[10]!));
});

test('changed lines: a multi-line span counts when any of its lines changed, its endLine included', () => {
  const spanning = diagnostic('error', { line: 5, column: 7, endLine: 8, endColumn: 2 });
  const middle = diagnostic('error', { line: 20, endLine: 30 });
  const endsBefore = diagnostic('error', { line: 40, endLine: 44 });
  const startsAfter = diagnostic('error', { line: 46, endLine: 49 });
  const plain = diagnostic('error');
  const changedLines: ChangedLines = new Map<string, ReadonlySet<number> | 'all'>([
    [spanning.file, new Set([8])],
    [middle.file, new Set([25])],
    [endsBefore.file, new Set([45])],
    [startsAfter.file, new Set([45])],
  ]);
  const lines = outputLines(formatGithub([plain, endsBefore, spanning, startsAfter, middle], { ...context, changedLines }));
  assert.equal(lines, [spanning, middle, plain, endsBefore, startsAfter].map(command));
});

test('changed lines apply to warnings too, each type capped on its own', () => {
  const warningList = Array.from({ length: 12 }, () => diagnostic('warning'));
  const errorList = errors(2);
  const all = [...warningList, ...errorList];
  const changedLines: ChangedLines = new Map([
    [warningList[11]!.file, new Set([5])],
    [errorList[1]!.file, new Set([5])],
  ]);
  const lines = outputLines(formatGithub(all, { ...context, changedLines }));
  assert.is(lines[0], command(warningList[11]!));
  assert.is(lines[1], command(errorList[1]!));
  assert.is(lines.filter((line) => line.startsWith('::warning ')).length, 10);
  assert.is(lines.filter((line) => line.startsWith('::error ')).length, 2);
  assert.ok(lines.includes(logLine(warningList[9]!)) && lines.includes(logLine(warningList[10]!)));
  assert.match(lines.at(-1)!, /^::notice title=weft::.*\b2 warnings\b/);
});

test("escaping: message data escapes %, \\r and \\n; properties also ':' and ','", () => {
  const d = diagnostic('error', { file: 'odd,dir/a:b%c.yaml', message: '100% sure\r\nsecond line\rthird\nfourth', hint: 'a hint, with: colons' });
  const [line, ...rest] = outputLines(formatGithub([d], context));
  assert.equal(rest, []);
  assert.is(
    line,
    '::error file=odd%2Cdir/a%3Ab%25c.yaml,line=5,col=3,endLine=5,endColumn=9,title=bad-cron::' +
      '100%25 sure%0D%0Asecond line%0Dthird%0Afourth (a hint, with: colons)',
  );

  // The path shown is relative to the current directory: the project path is escaped with it.
  const nested = outputLines(formatGithub([d], { ...context, projectPath: 'repo,x/sub:dir' }))[0]!;
  assert.ok(nested.startsWith('::error file=repo%2Cx/sub%3Adir/odd%2Cdir/a%3Ab%25c.yaml,line=5,'), nested);
});

test('escaping: control characters cannot act in the log, annotated or not', () => {
  const withEscape = (n: number) => diagnostic('error', { message: `bell\u0007 and escape\u001b[2J #${n}\nnext` });
  const all = Array.from({ length: 11 }, (_, n) => withEscape(n));
  const lines = outputLines(formatGithub(all, context));
  assert.is(lines.length, 12, 'no line break leaks from a message');
  for (const line of lines) assert.not.match(line, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  assert.ok(lines[0]!.endsWith('::bell\\u0007 and escape\\u001b[2J #0%0Anext'), lines[0]);
  // The logged (not annotated) one: one line, the line break as a space.
  assert.ok(lines[10]!.endsWith('error[bad-cron] bell\\u0007 and escape\\u001b[2J #10 next'), lines[10]);
  assert.not.ok(isCommand(lines[10]!));
});

// ---------------------------------------------------------------------------------------------
// The binary: --changed-since in real git repositories

const acme = singleAcme();
const temporary: string[] = [];

test.after.each(async () => {
  await Promise.all(temporary.splice(0).map((directory) => removeTemporaryDirectory(directory)));
});

function weft(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runWeft(args, { cwd, env: { ...hermeticGit, ...env } });
}


function badCronFlow(name: string, cron = 'not a cron'): string {
  return `apiVersion: weft/v1
kind: Flow
metadata:
  name: ${name}
spec:
  trigger:
    schedule: { cron: "${cron}" }
  steps:
    - id: fetch
      receive: { instance: shopify-uk, endpoint: listOrders }
`;
}

const changedFlow = 'flows/orders-to-netsuite.yaml';
const goodCron = '"*/15 * * * *"';
const badCron = '"*/99 * * * *"';

/**
 * A repository with examples/acme at `subfolder` and 12 flows with a bad cron, committed; then,
 * in the working tree, the cron of flows/orders-to-netsuite.yaml made bad. Returns the repository,
 * the project and the 1-based line of the changed cron.
 */
async function brokenRepository(subfolder = ''): Promise<{ root: string; project: string; changedLine: number }> {
  const root = await makeTemporaryDirectory('weft-gh-repo-');
  temporary.push(root);
  git(root, 'init', '--quiet');
  const project = path.join(root, ...subfolder.split('/').filter(Boolean));
  await mkdir(project, { recursive: true });
  await cp(acme, project, { recursive: true });
  for (let n = 1; n <= 12; n++) {
    const name = `bad-cron-${String(n).padStart(2, '0')}`;
    await writeFile(path.join(project, 'flows', `${name}.yaml`), badCronFlow(name));
  }
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '-m', 'base with 12 broken flows');

  const file = path.join(project, changedFlow);
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(goodCron), `${changedFlow} has no ${goodCron}: the example changed`);
  await writeFile(file, text.replace(goodCron, badCron));
  const changedLine = text.slice(0, text.indexOf(goodCron)).split('\n').length;
  return { root, project, changedLine };
}

interface GithubOutput {
  commands: string[];
  errors: string[];
  notices: string[];
}

function parseGithubOutput(stdout: string): GithubOutput {
  const lines = outputLines(stdout);
  const commands = lines.filter(isCommand);
  return { commands, errors: commands.filter((line) => line.startsWith('::error ')), notices: commands.filter((line) => line.startsWith('::notice ')) };
}

/** Asserts the first workflow command is the bad-cron error on `file`:`line`, and the cap and notice hold. */
function expectChangedLineFirst(result: RunResult, file: string, line: number): GithubOutput {
  expectExit(result, 1);
  expectNoStackTrace(result);
  const output = parseGithubOutput(result.stdout);
  assert.is(output.commands.length, 11, `expected 10 errors and a notice:\n${result.stdout}`);
  assert.ok(
    output.commands[0]!.startsWith(`::error file=${file},line=${line},col=`) && output.commands[0]!.includes('title=bad-cron::') && output.commands[0]!.includes('*/99'),
    `first command is not the error on the changed line ${file}:${line}; the output begins:\n${outputLines(result.stdout).slice(0, 2).join('\n')}`,
  );
  assert.is(output.errors.length, 10, 'the cap');
  assert.is(output.notices.length, 1);
  assert.ok(outputLines(result.stdout).at(-1)!.startsWith(noticePrefix), 'the notice comes last');
  // The 12 committed broken flows are still all reported, annotated or logged.
  for (let n = 1; n <= 12; n++) assert.ok(result.stdout.includes(`bad-cron-${String(n).padStart(2, '0')}.yaml`), `bad-cron-${n} missing`);
  return output;
}

test('--changed-since HEAD, project at the root: the changed line is annotated first, 10 errors, a notice', async () => {
  const { root, changedLine } = await brokenRepository();
  // The project path given as an argument, relative and absolute, from the repository root.
  const [relative, absolute] = await Promise.all([
    weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root),
    weft(['validate', root, '--format', 'github', '--changed-since', 'HEAD'], root),
  ]);
  const output = expectChangedLineFirst(relative, changedFlow, changedLine);
  assert.match(output.notices[0]!, /\b3 errors\b/);
  expectChangedLineFirst(absolute, changedFlow, changedLine);
  assert.is(absolute.stdout, relative.stdout);

  // Without --changed-since the changed line is not annotated at all (it sorts after the 12).
  const unordered = await weft(['validate', '.', '--format', 'github'], root);
  expectExit(unordered, 1);
  assert.not.ok(parseGithubOutput(unordered.stdout).errors.some((line) => line.includes(changedFlow)), unordered.stdout);
});

test('--changed-since HEAD, project in a subfolder: paths from the repository root, the changed line first', async () => {
  const { root, project, changedLine } = await brokenRepository('integrations/acme');
  const fromRoot = await weft(['validate', 'integrations/acme', '--format', 'github', '--changed-since', 'HEAD'], root);
  expectChangedLineFirst(fromRoot, `integrations/acme/${changedFlow}`, changedLine);

  // From inside the project, paths are the project's own.
  const fromProject = await weft(['validate', '--format', 'github', '--changed-since', 'HEAD'], project);
  expectChangedLineFirst(fromProject, changedFlow, changedLine);

  // From a sibling folder (the project outside the current directory): project-relative paths.
  await mkdir(path.join(root, 'docs'));
  const fromSibling = await weft(['validate', '../integrations/acme', '--format', 'github', '--changed-since', 'HEAD'], path.join(root, 'docs'));
  expectChangedLineFirst(fromSibling, changedFlow, changedLine);
});

test('an untracked new broken file counts as changed throughout', async () => {
  const { root, changedLine } = await brokenRepository();
  // Sorted after every other flow, so only --changed-since can bring it forward.
  await writeFile(path.join(root, 'flows', 'zz-new-flow.yaml'), badCronFlow('zz-new-flow'));
  const result = await weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root);
  const output = expectChangedLineFirst(result, changedFlow, changedLine);
  assert.ok(output.commands[1]!.startsWith('::error file=flows/zz-new-flow.yaml,line=7,'), `the new file is not annotated second:\n${result.stdout}`);
  assert.match(output.notices[0]!, /\b4 errors\b/);

});

test('a staged change counts, and so does a committed one when the ref is older', async () => {
  const { root, changedLine } = await brokenRepository();
  git(root, 'add', '--all');
  const staged = await weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root);
  expectChangedLineFirst(staged, changedFlow, changedLine);
  git(root, 'commit', '--quiet', '-m', 'the change');
  const [sinceParent, sinceHead] = await Promise.all([
    weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD~1'], root),
    weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root),
  ]);
  expectChangedLineFirst(sinceParent, changedFlow, changedLine);
  // Nothing changed since HEAD: the original order, the changed flow sorted after the 12.
  expectExit(sinceHead, 1);
  assert.ok(parseGithubOutput(sinceHead.stdout).commands[0]!.includes('bad-cron-01.yaml'), sinceHead.stdout);
});

test('a changed file whose name has a space: its changed line is still annotated first', async () => {
  const { root } = await brokenRepository();
  git(root, 'checkout', '--quiet', '--', '.');
  const spaced = path.join(root, 'flows', 'orders to netsuite copy.yaml');
  const text = (await readFile(path.join(root, changedFlow), 'utf8')).replace('name: orders-to-netsuite', 'name: orders-to-netsuite-copy');
  await writeFile(spaced, text);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '-m', 'a flow file with spaces in its name');
  await writeFile(spaced, text.replace(goodCron, badCron));
  const line = text.slice(0, text.indexOf(goodCron)).split('\n').length;
  const result = await weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root);
  expectChangedLineFirst(result, 'flows/orders to netsuite copy.yaml', line);
});

test("the user's git configuration (diff.mnemonicPrefix, diff.noprefix) does not change which lines count as changed", async () => {
  const { root, changedLine } = await brokenRepository();
  const failures: string[] = [];
  for (const [key, value] of [
    ['diff.mnemonicPrefix', 'true'],
    ['diff.noprefix', 'true'],
    ['diff.relative', 'false'],
    ['color.diff', 'always'],
  ] as const) {
    // As a user's global ~/.gitconfig would set it.
    const result = await weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], root, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: key, GIT_CONFIG_VALUE_0: value });
    try {
      expectChangedLineFirst(result, changedFlow, changedLine);
    } catch (error) {
      failures.push(`with git config ${key}=${value}: ${(error as Error).message}`);
    }
  }
  assert.ok(failures.length === 0, failures.join('\n'));
});

test('--changed-since needs --format github: exit 2 with pretty (and the default), json and sarif', async () => {
  const { root } = await brokenRepository();
  const results = await Promise.all([
    weft(['validate', '.', '--format', 'pretty', '--changed-since', 'HEAD'], root),
    weft(['validate', '.', '--changed-since', 'HEAD'], root),
    weft(['validate', '.', '--format', 'json', '--changed-since', 'HEAD'], root),
    weft(['validate', '.', '--format', 'sarif', '--changed-since', 'HEAD'], root),
  ]);
  for (const result of results) {
    expectExit(result, 2);
    expectNoStackTrace(result);
    assert.is(result.stdout, '');
    assert.match(result.stderr, /--changed-since/);
    assert.match(result.stderr, /--format github/);
  }
});

test('--changed-since with an unknown ref, or outside git: exit 1, a clear message, no stack trace', async () => {
  const { root } = await brokenRepository();
  const unknown = await weft(['validate', '.', '--format', 'github', '--changed-since', 'origin/no-such-branch'], root);
  expectExit(unknown, 1);
  expectNoStackTrace(unknown);
  assert.is(unknown.stdout, '', 'no half report');
  assert.is(unknown.stderr, `weft validate: --changed-since: 'origin/no-such-branch' names no commit in ${root} (is it fetched? in CI, fetch the base branch first)\n`);

  const optionLike = await weft(['validate', '.', '--format', 'github', '--changed-since=--output=/tmp/x'], root);
  expectExit(optionLike, 1);
  expectNoStackTrace(optionLike);
  assert.is(optionLike.stdout, '');
  assert.is(optionLike.stderr, "weft validate: --changed-since: '--output=/tmp/x' is not a git ref\n");

  const outside = await makeTemporaryDirectory('weft-gh-nogit-');
  temporary.push(outside);
  await cp(acme, outside, { recursive: true });
  // GIT_CEILING_DIRECTORIES keeps git from finding a repository above the temp dir.
  const noGit = await weft(['validate', '.', '--format', 'github', '--changed-since', 'HEAD'], outside, { GIT_CEILING_DIRECTORIES: path.dirname(outside) });
  expectExit(noGit, 1);
  expectNoStackTrace(noGit);
  assert.is(noGit.stdout, '');
  assert.is(noGit.stderr, `weft validate: --changed-since: ${outside} is not inside a git repository\n`);
});

test.run();
