import type { Finding } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { ParsedFile } from '../parse/parse-file.js';
import * as validators from '../generated/validators.js';
import { resourceKinds, type AnyResource, type ResourceKind } from './resource.js';
import { schemaErrorFindings, showValue as show } from './schema-errors.js';

const validatorByKind = {
  Project: validators.project,
  Connector: validators.connector,
  Instance: validators.instance,
  Flow: validators.flow,
  Lookup: validators.lookup,
  Test: validators.test,
} as const;

/**
 * The schema findings of one resource's document, validated again: what resolving its
 * variables needs, since a value may only take its type once its `${var:}` is replaced.
 */
export function schemaFindings(kind: ResourceKind, document: unknown, file: string, index: number): { valid: boolean; findings: Finding[] } {
  const validate = validatorByKind[kind];
  const valid = validate(document);
  return { valid, findings: valid ? [] : schemaErrorFindings(validate.errors ?? [], { file, document: index }) };
}

/**
 * Classifies each document of a parsed file as a weft resource and validates it against its
 * kind's JSON Schema. A resource that fails its schema is still returned (with `valid: false`)
 * so that references to it do not cascade into "unknown" errors.
 */
export function validateDocuments(parsed: ParsedFile): { resources: AnyResource[]; findings: Finding[]; salvagedNames: string[] } {
  const resources: AnyResource[] = [];
  const findings: Finding[] = [];
  let lost = false;
  for (const { index, value } of parsed.documents) {
    if (value === undefined) lost = true; // did not parse
    if (value === undefined || value === null) continue; // an empty document is nothing
    const report = (pointer: string, message: string, hint?: string, atKey = false) =>
      findings.push({ severity: 'error', code: 'not-a-resource', message, file: parsed.file, document: index, pointer, atKey, hint });
    if (typeof value !== 'object' || Array.isArray(value)) {
      report('', `document is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not a weft resource (a mapping with apiVersion: weft/v1 and a kind)`);
      lost = true;
      continue;
    }
    const document = value as Record<string, unknown>;
    if (document.apiVersion !== 'weft/v1') {
      if (!('apiVersion' in document)) report('', "document has no 'apiVersion'; weft resources start with apiVersion: weft/v1", undefined, true);
      else report('/apiVersion', `apiVersion ${show(document.apiVersion)} is not supported; expected 'weft/v1'`);
      lost = true;
      continue;
    }
    const kind = document.kind;
    if (typeof kind !== 'string' || !(resourceKinds as readonly string[]).includes(kind)) {
      if (!('kind' in document)) report('', "document has no 'kind'; expected Connector, Instance, Flow, Lookup, Test or Project", undefined, true);
      else report('/kind', `kind ${show(kind)} is not a weft kind; expected Connector, Instance, Flow, Lookup, Test or Project`, typeof kind === 'string' ? didYouMean(kind, resourceKinds) : undefined);
      lost = true;
      continue;
    }
    const validate = validatorByKind[kind as ResourceKind];
    const valid = validate(document);
    // A loop, not push(...): a document with 200,000 unknown keys has as many findings, more
    // than a call's arguments may number.
    if (!valid) for (const finding of schemaErrorFindings(validate.errors ?? [], { file: parsed.file, document: index })) findings.push(finding);
    const name = (document.metadata as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') {
      lost = true;
      continue;
    }
    resources.push({ kind, name, file: parsed.file, document: index, value: document, valid } as unknown as AnyResource);
  }
  return { resources, findings, salvagedNames: lost ? salvageNames(parsed.text) : [] };
}

/**
 * Names a file may define although some of its documents could not be read as resources: what
 * follows `name:` on any line. References to them are not reported as unknown, since the real
 * problem, already reported, is in this file ("one typo, one diagnostic").
 */
function salvageNames(text: string): string[] {
  return [...text.matchAll(/^[ \t{]*(?:-\s+)?(?:metadata:\s*\{\s*)?n\w{0,3}e?\s*:\s*["']?([a-z][a-z0-9-]{0,62})\b/gm)].map((match) => match[1]!);
}
