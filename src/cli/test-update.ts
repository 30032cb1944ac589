import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from './cli.js';
import { escapeControl } from '../report/escape-control.js';
import type { TestResult } from '../testing/run-tests.js';
import { applyEdits, expectationEdits } from '../testing/update-tests.js';

/**
 * `weft test --update`: the expectations of the tests that failed rewritten, in their files, to
 * what their runs did (leaving comments and layout as they are), one line on stderr per test
 * updated or not updatable. Returns how many files were written.
 */
export async function updateFailedTests(root: string, results: readonly TestResult[], io: CliIo): Promise<number> {
  const byFile = new Map<string, { index: number; name: string; edits: ReturnType<typeof expectationEdits> }[]>();
  for (const result of results) {
    if (result.passed) continue;
    // A run that did not happen (the flow could not start, a given file unreadable) has nothing to expect.
    if (!result.actual || result.document === undefined) {
      io.stderr.write(`weft test: cannot update ${escapeControl(result.name)}: ${escapeControl(result.problems[0] ?? 'it did not run')}\n`);
      continue;
    }
    const edits = expectationEdits(result.expect, result.actual);
    if (edits.length === 0) {
      io.stderr.write(`weft test: cannot update ${escapeControl(result.name)}: what fails it is not an expectation (${escapeControl(result.problems[0] ?? '')})\n`);
      continue;
    }
    let list = byFile.get(result.file);
    if (!list) byFile.set(result.file, (list = []));
    list.push({ index: result.document, name: result.name, edits });
  }
  let written = 0;
  for (const [file, documents] of byFile) {
    const absolute = path.join(root, file);
    const { text, skipped } = applyEdits(await readFile(absolute, 'utf8'), documents);
    for (const reason of skipped) io.stderr.write(`weft test: cannot update ${escapeControl(reason)}\n`);
    if (skipped.length === documents.reduce((count, document) => count + document.edits.length, 0)) continue;
    await writeFile(absolute, text);
    written++;
    for (const document of documents) io.stderr.write(`weft test: updated the expectations of ${escapeControl(document.name)} in ${escapeControl(file)}\n`);
  }
  return written;
}
