import { isDeepStrictEqual } from 'node:util';
import semver from 'semver';
import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';
import { isObject } from '../lex/is-object.js';

/**
 * Importing again over a connector that exists (`weft import … --out connectors/x.yaml` a second
 * time): the endpoints follow the document, what was edited by hand stays.
 *
 * - Outside `spec.endpoints` nothing changes: metadata, settings, credentials, auth, the base URL,
 *   comments. Where the document now says something else there, a note says so.
 * - An endpoint the document no longer has goes; a new one comes in (with its "check:" comments).
 *   Imported with --tag or --operation (`partial`), only the endpoints chosen are looked at:
 *   the others stay as they are, none is removed.
 * - In an endpoint both have, what the importer writes (method, path, description, inputs,
 *   requiredInputs, query, headers, body, idempotent) follows the document; the rest (records and
 *   pagination, which are guesses one corrects, and anything added by hand) is kept.
 * - `spec.version` goes up: major when an endpoint or an input went (or an input became
 *   required), minor when one was added, patch for any other change; unchanged when nothing
 *   changed, so importing the same document twice gives the same bytes.
 */
export interface Reimport {
  /** The merged connector's text (the existing text, byte for byte, when nothing changed). */
  text: string;
  from: string;
  to: string;
  bump: 'major' | 'minor' | 'patch' | 'none';
  /** One line per change: `+ endpoint x`, `- endpoint y`, `~ endpoint z: input 'a' removed`. */
  changes: string[];
  /** Where the document differs from the connector outside the endpoints (kept as it is). */
  notes: string[];
}

/** Raised when the existing file is not a connector weft can merge into (it is left alone). */
export class ReimportError extends Error {}

/** What the importer writes in an endpoint; everything else in an existing endpoint is kept. */
const importedKeys = ['description', 'method', 'path', 'headers', 'query', 'body', 'inputs', 'requiredInputs', 'idempotent'] as const;

type Json = Record<string, any>;

export function mergeImport(existingText: string, importedText: string, name: string, options: { partial?: boolean } = {}): Reimport {
  const existing = parseDocument(existingText, { keepSourceTokens: false });
  if (existing.errors.length > 0) throw new ReimportError(`it is not valid YAML (${existing.errors[0]!.message.split('\n')[0]})`);
  const before = existing.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!isObject(before) || before.kind !== 'Connector' || !isObject(before.spec)) throw new ReimportError('it is not one connector document (kind: Connector)');
  const existingName = isObject(before.metadata) ? before.metadata.name : undefined;
  if (existingName !== name) throw new ReimportError(`it is connector '${String(existingName)}', not '${name}'`);
  const imported = parseDocument(importedText);
  const after = imported.toJS() as Json;

  const oldEndpoints: Json = isObject(before.spec.endpoints) ? before.spec.endpoints : {};
  const newEndpoints: Json = after.spec.endpoints;
  const changes: string[] = [];
  let level = 0; // 0 none, 1 patch, 2 minor, 3 major
  const raise = (to: number) => (level = Math.max(level, to));

  for (const endpoint of Object.keys(newEndpoints)) {
    if (!Object.hasOwn(oldEndpoints, endpoint)) {
      changes.push(`+ endpoint ${endpoint}`);
      raise(2);
    }
  }
  for (const endpoint of Object.keys(oldEndpoints)) {
    // Imported with --tag or --operation: the endpoints not chosen are not the import's to remove.
    if (options.partial) continue;
    if (!Object.hasOwn(newEndpoints, endpoint)) {
      changes.push(`- endpoint ${endpoint}`);
      raise(3);
    }
  }
  for (const endpoint of Object.keys(newEndpoints)) {
    const old = oldEndpoints[endpoint];
    if (!isObject(old)) continue;
    const details = endpointChanges(old, newEndpoints[endpoint], raise);
    if (details.length > 0) changes.push(`~ endpoint ${endpoint}: ${details.join(', ')}`);
  }
  // The order of the endpoints follows the document, as a first import's does; endpoints a
  // partial import did not choose stay where they were, the new ones come after them.
  const order = options.partial ? [...Object.keys(oldEndpoints), ...Object.keys(newEndpoints).filter((endpoint) => !Object.hasOwn(oldEndpoints, endpoint))] : Object.keys(newEndpoints);
  if (level === 0 && !isDeepStrictEqual(Object.keys(oldEndpoints), order)) raise(1);

  const notes: string[] = [];
  for (const key of new Set([...Object.keys(before.spec), ...Object.keys(after.spec)])) {
    if (key === 'endpoints' || key === 'version') continue;
    if (!isDeepStrictEqual(before.spec[key], after.spec[key])) notes.push(`the document's spec.${key} differs from the connector's: kept as it is`);
  }

  const from = typeof before.spec.version === 'string' ? before.spec.version : '1.0.0';
  const bump = (['none', 'patch', 'minor', 'major'] as const)[level]!;
  if (bump === 'none') return { text: existingText, from, to: from, bump, changes, notes };
  const to = semver.valid(from) ? semver.inc(from, bump)! : '1.0.0';

  const spec = existing.get('spec', true) as YAMLMap;
  const oldNodes = spec.get('endpoints', true);
  const newNodes = (imported.get('spec', true) as YAMLMap).get('endpoints', true) as unknown as YAMLMap;
  const merged = existing.createNode({}) as YAMLMap;
  for (const endpoint of order) {
    const kept = isMap(oldNodes) ? oldNodes.get(endpoint, true) : undefined;
    if (!Object.hasOwn(newEndpoints, endpoint)) {
      // Not chosen by a partial import: as it was.
      const pair = isMap(oldNodes) ? oldNodes.items.find((item) => isScalar(item.key) && item.key.value === endpoint) : undefined;
      if (pair) merged.items.push(pair);
      continue;
    }
    const fresh = newNodes.get(endpoint, true) as unknown as YAMLMap;
    merged.set(endpoint, isMap(kept) ? updateEndpoint(existing, kept, fresh, newEndpoints[endpoint]) : fresh);
    // A new endpoint keeps its "check:" comments: they sit on its keys, which came along.
    const pair = merged.items.at(-1)!;
    const freshPair = newNodes.items.find((item) => isScalar(item.key) && item.key.value === endpoint);
    if (!isMap(kept) && freshPair && isScalar(freshPair.key) && isScalar(pair.key)) pair.key.commentBefore = freshPair.key.commentBefore;
  }
  if (isMap(oldNodes)) {
    merged.commentBefore = oldNodes.commentBefore;
    merged.comment = oldNodes.comment;
  }
  spec.set('endpoints', merged);
  spec.set('version', to);
  return { text: existing.toString({ lineWidth: 0, ...styleOf(existingText) }), from, to, bump, changes, notes };
}

/** An existing endpoint with the importer's keys from the document, the rest as it was. */
function updateEndpoint(document: Document, kept: YAMLMap, fresh: YAMLMap, wanted: Json): YAMLMap {
  const current = kept.toJSON() as Json;
  for (const key of importedKeys) {
    if (!Object.hasOwn(wanted, key)) {
      if (kept.has(key)) kept.delete(key);
      continue;
    }
    if (isDeepStrictEqual(current[key], wanted[key])) continue;
    if (kept.has(key)) kept.set(key, fresh.get(key, true));
    else {
      // A key the endpoint did not have goes where the document puts it among the others.
      const position = importedKeys.slice(0, importedKeys.indexOf(key)).reduce((at, earlier) => {
        const index = kept.items.findIndex((item) => isScalar(item.key) && item.key.value === earlier);
        return index >= 0 ? index + 1 : at;
      }, 0);
      kept.items.splice(position, 0, document.createPair(key, fresh.get(key, true)) as never);
    }
  }
  return kept;
}

/** What changed in one endpoint, raising the version bump as it goes. */
function endpointChanges(old: Json, fresh: Json, raise: (level: number) => void): string[] {
  const details: string[] = [];
  const oldInputs = isObject(old.inputs) ? Object.keys(old.inputs) : [];
  const newInputs = isObject(fresh.inputs) ? Object.keys(fresh.inputs) : [];
  for (const input of oldInputs) {
    if (!newInputs.includes(input)) {
      details.push(`input '${input}' removed`);
      raise(3);
    }
  }
  for (const input of newInputs) {
    if (!oldInputs.includes(input)) {
      details.push(`input '${input}' added`);
      raise(2);
    }
  }
  const oldRequired: string[] = Array.isArray(old.requiredInputs) ? old.requiredInputs : [];
  for (const input of Array.isArray(fresh.requiredInputs) ? (fresh.requiredInputs as string[]) : []) {
    if (!oldRequired.includes(input)) {
      details.push(`input '${input}' now required`);
      raise(3);
    }
  }
  for (const key of importedKeys) {
    if (key === 'requiredInputs') continue;
    if (key === 'inputs') {
      const changed = newInputs.filter((input) => oldInputs.includes(input) && !isDeepStrictEqual(old.inputs[input], fresh.inputs[input]));
      if (changed.length > 0) {
        details.push(`input${changed.length > 1 ? 's' : ''} ${changed.map((input) => `'${input}'`).join(', ')} changed`);
        raise(1);
      }
      continue;
    }
    if (!isDeepStrictEqual(old[key], fresh[key])) {
      details.push(key);
      raise(1);
    }
  }
  const relaxed = oldRequired.filter((input) => newInputs.includes(input) && !(fresh.requiredInputs ?? []).includes(input));
  if (relaxed.length > 0) {
    details.push(`input${relaxed.length > 1 ? 's' : ''} ${relaxed.map((input) => `'${input}'`).join(', ')} no longer required`);
    raise(1);
  }
  return details;
}

/**
 * How the file is written, so that writing it again keeps lines nobody changed as they were: its
 * indentation, whether a list sits under its key or indented, and `{ a: 1 }` or `{a: 1}`.
 */
function styleOf(text: string): { indent: number; indentSeq: boolean; flowCollectionPadding: boolean } {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  let indent = 2;
  let indentSeq = true;
  for (let index = 1; index < lines.length; index++) {
    const previous = lines[index - 1]!;
    const line = lines[index]!;
    const outer = previous.length - previous.trimStart().length;
    const inner = line.length - line.trimStart().length;
    if (!/:\s*$/.test(previous)) continue;
    if (inner > outer && !line.trimStart().startsWith('- ')) {
      indent = inner - outer;
      break;
    }
  }
  for (let index = 1; index < lines.length; index++) {
    if (!/:\s*$/.test(lines[index - 1]!) || !lines[index]!.trimStart().startsWith('- ')) continue;
    // Indented lists sit a full indent in; the others less (none at 2 spaces, 2 at 4).
    indentSeq = lines[index]!.length - lines[index]!.trimStart().length - (lines[index - 1]!.length - lines[index - 1]!.trimStart().length) >= indent;
    break;
  }
  // The first flow collection that is not empty says whether they are padded.
  const flow = /(?:^|[:-]\s)[{[](?![\]}])(.)/m.exec(text);
  const flowCollectionPadding = flow ? flow[1] === ' ' : true;
  return { indent, indentSeq, flowCollectionPadding };
}
