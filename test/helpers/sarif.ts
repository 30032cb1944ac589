import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from './run-weft.js';

// ajv-draft-04 and ajv-formats are CommonJS with an __esModule flag: tsx and tsc disagree on
// what a default import is, so take `.default` when there is one.
type Ajv04Class = typeof import('ajv-draft-04').default;
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Class }).default ?? Ajv04Module) as Ajv04Class;
type AddFormats = (ajv: object) => unknown;
export const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

let sarifValidator: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Asserts that a log matches the official SARIF 2.1.0 schema (test/fixtures/sarif-schema-2.1.0.json). */
export async function validateSarif(log: unknown): Promise<void> {
  if (!sarifValidator) {
    const schema = JSON.parse(await readFile(path.join(repoRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv04({ strict: false, allErrors: true });
    addFormats(ajv);
    sarifValidator = ajv.compile(schema);
  }
  const valid = sarifValidator(log);
  assert.ok(valid, `SARIF does not match the 2.1.0 schema: ${JSON.stringify(sarifValidator.errors, null, 2)}`);
}
