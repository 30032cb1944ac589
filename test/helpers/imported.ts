import { readFile } from 'node:fs/promises';
import * as assert from 'uvu/assert';
import { expectExit, runWeft } from './run-weft.js';

/** `weft import <format> <document> --out <out>` again over what it wrote: nothing written, the same bytes. */
export async function expectReimportWritesNothing(format: 'openapi' | 'postman', document: string, name: string, out: string, written: string): Promise<void> {
  const again = await runWeft(['import', format, document, '--name', name, '--out', out]);
  expectExit(again, 0);
  assert.match(again.stdout, /is up to date with .*; nothing written/, name);
  assert.is(await readFile(out, 'utf8'), written, `${name}: a second import changed the file`);
}

/** A project of imported connectors validates: no errors, and no warning but the connectors being unused. */
export async function expectImportedProjectValidates(directory: string): Promise<void> {
  const validated = await runWeft(['validate', directory, '--format', 'json']);
  expectExit(validated, 0);
  const report = JSON.parse(validated.stdout) as { diagnostics: { code: string; severity: string }[] };
  assert.equal(
    report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    [],
  );
  assert.ok(report.diagnostics.every((diagnostic) => diagnostic.code === 'unused-connector'), JSON.stringify(report.diagnostics));
}

/** `weft validate`, then `weft run <flow> --format json` of a project made from an import: the run's status and step counts. */
export async function validateAndRun(project: string, flow: string, env: Record<string, string>): Promise<{ result: { status: string; steps: { id: string; out: number }[] }; stdout: string; stderr: string }> {
  expectExit(await runWeft(['validate', project], { env }), 0);
  // runWeft, not spawnSync: the server answering is in the test's process.
  const ran = await runWeft(['run', flow, project, '--format', 'json'], { env });
  expectExit(ran, 0);
  return { result: JSON.parse(ran.stdout), stdout: ran.stdout, stderr: ran.stderr };
}
