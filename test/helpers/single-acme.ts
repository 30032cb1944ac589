import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './run-weft.js';

/**
 * examples/acme as a project without environments: production's values written in place, its
 * production-only flow back among the flows, no overlays, no variables. It compiles to the bytes
 * production compiles to (environments.test.ts checks that), with the same files and lines as
 * the example had before it declared environments, so the tests of one engine (plans, applies,
 * diffs, watch, goldens) keep what they test; the environments themselves are tested on the
 * example as it is (environments.test.ts, acme-example.test.ts, status-command.test.ts).
 */
export function writeSingleAcme(target: string): void {
  const example = path.join(repoRoot, 'examples', 'acme');
  cpSync(example, target, { recursive: true, filter: (source) => !source.includes(`${path.sep}.weft`) });
  const edit = (file: string, change: (text: string) => string) => {
    const at = path.join(target, file);
    const before = readFileSync(at, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`single-acme: ${file} no longer has what this helper removes; update test/helpers/single-acme.ts`);
    writeFileSync(at, after);
  };
  // weft.yaml without its variables, environments and default environment.
  edit('weft.yaml', (text) => text.replace(/ {2}# Values that differ between environments[\s\S]*?\n {2}defaultEnvironment: staging\n/, ''));
  edit('instances/netsuite-prod.yaml', (text) => text.replace('${var:netsuiteAccount}', '"1234567"'));
  // Production's own flow, back where it was (without the line that says it is production's).
  edit('environments/production/backfill-us-orders.yaml', (text) => text.replace(/^# Only in production[^\n]*\n/, ''));
  renameSync(path.join(target, 'environments', 'production', 'backfill-us-orders.yaml'), path.join(target, 'flows', 'backfill-us-orders.yaml'));
  rmSync(path.join(target, 'environments'), { recursive: true });
}

/** A fresh single-environment copy of the example in a temporary directory (the caller removes it). */
export function copySingleAcme(prefix = 'weft-acme-'): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  writeSingleAcme(directory);
  return directory;
}

let shared: string | undefined;

/** One single-environment copy for the tests that only read it, made once per process and removed at its exit. */
export function singleAcme(): string {
  if (!shared) {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'weft-single-acme-'));
    shared = path.join(directory, 'acme');
    writeSingleAcme(shared);
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  }
  return shared;
}
