import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnosticCodes, type DiagnosticCode } from '../src/diagnostics/codes.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { validateProject } from '../src/pipeline/validate-project.js';

/**
 * Golden fixtures: test/fixtures/diagnostics/<code>[--<variant>]/ is a small project that
 * produces exactly the diagnostics in its expected.json, on the exact file, line and column.
 * An expected entry lists only the fields it pins (code, severity, file, line, column, and hint,
 * keyword or message where they matter); the others are not compared.
 */
const test = suite('diagnostics');

const fixturesRoot = fileURLToPath(new URL('./fixtures/diagnostics/', import.meta.url));
const fixtures = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Codes that need more than `weft validate` to appear (plan/apply), so no fixture can show them. */
const notFromValidate: readonly DiagnosticCode[] = ['unresolved-placeholder'];

/** The fields every expected entry may pin; a diagnostic's other fields are not compared. */
type Expected = Partial<Pick<Diagnostic, 'code' | 'severity' | 'file' | 'line' | 'column' | 'hint' | 'keyword' | 'message'>>;

const baseFields = ['code', 'severity', 'file', 'line', 'column'] as const;

/** The code a fixture is about: its directory name up to '--'. */
function fixtureCode(name: string): string {
  return name.split('--')[0]!;
}

/** The actual diagnostic cut down to the fields its expected counterpart pins (and its message when unexpected). */
function project(actual: Diagnostic, expected: Expected | undefined): Record<string, unknown> {
  const fields = expected ? Object.keys(expected) : [...baseFields, 'message'];
  return Object.fromEntries(fields.map((field) => [field, actual[field as keyof Diagnostic]]));
}

/** How long the alias-bomb fixture may take: expanding it would take minutes and gigabytes. */
const aliasBombBudgetMs = 500;

for (const name of fixtures) {
  test(name, async () => {
    const directory = fixturesRoot + name;
    const expected = JSON.parse(readFileSync(`${directory}/expected.json`, 'utf8')) as Expected[];
    assert.ok(expected.some((entry) => entry.code === fixtureCode(name)), `expected.json of ${name} must include a '${fixtureCode(name)}' diagnostic`);

    const started = performance.now();
    const { diagnostics } = await validateProject(directory);
    const elapsed = performance.now() - started;

    assert.equal(
      diagnostics.map((diagnostic, index) => project(diagnostic, expected[index])),
      expected,
      `diagnostics of ${name} differ from expected.json`,
    );
    for (const diagnostic of diagnostics) {
      const where = `${name}: ${diagnostic.code} at ${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
      assert.ok(diagnostic.message.trim().length > 0, `${where} has an empty message`);
      assert.ok(diagnostic.endLine >= diagnostic.line, `${where} ends on line ${diagnostic.endLine}, before it starts`);
      if (diagnostic.endLine === diagnostic.line) {
        assert.ok(diagnostic.endColumn >= diagnostic.column, `${where} ends at column ${diagnostic.endColumn}, before it starts`);
      }
    }
    if (name === 'yaml-syntax--billion-laughs') {
      assert.ok(elapsed < aliasBombBudgetMs, `the alias bomb took ${elapsed.toFixed(0)} ms; it must be refused in under ${aliasBombBudgetMs} ms`);
    }
  });
}

test('fixtures cover every diagnostic code validate can report', () => {
  const covered = [...new Set(fixtures.map(fixtureCode))].sort();
  const wanted = Object.keys(diagnosticCodes)
    .filter((code) => !notFromValidate.includes(code as DiagnosticCode))
    .sort();
  assert.equal(covered, wanted, 'fixture directories (by code, before --) must match diagnosticCodes');
});

test('docs/diagnostics.md lists every code with its severity, and no other', () => {
  const text = readFileSync(fileURLToPath(new URL('../docs/diagnostics.md', import.meta.url)), 'utf8');
  const listed = [...text.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((match) => [match[1], match[2]]);
  assert.equal(listed, Object.entries(diagnosticCodes).map(([code, { severity }]) => [code, severity]));
});

test.run();
