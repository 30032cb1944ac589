import type { Finding } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { LoadedOverlayFile } from '../pipeline/load-file.js';
import type { AnyResource, ResourceKind } from '../schema/resource.js';
import { schemaFindings } from '../schema/validate-documents.js';
import { mergePatch } from './merge-patch.js';
import type { SelectedEnvironment } from './select-environment.js';
import { isObject } from '../lex/is-object.js';

/** Where a patched value came from: the overlay document that set (or deleted) the path. */
export interface PatchSource {
  pointer: string;
  deleted: boolean;
  file: string;
  document: number;
}

/** What applying an environment's overlay gives. */
export interface OverlayResult {
  /** The resources: a patched one replaced by its patched copy, additions at the end; the others the same objects. */
  resources: AnyResource[];
  /** Problems of the overlay's documents: syntax, not-a-resource, overlay-target-missing, an addition's schema findings. */
  findings: Finding[];
  /** Patched resources validated again, and additions: 'file#document' of the resource → its schema findings now. */
  revalidated: Map<string, Finding[]>;
  /** For each patched resource ('file#document' of the base), the paths its patches set, in the order applied. */
  sources: Map<string, PatchSource[]>;
  /** The patched copies (their values come partly from overlay files). */
  patched: Set<AnyResource>;
}

const patchableKinds: readonly ResourceKind[] = ['Connector', 'Instance', 'Flow', 'Test'];

/** Whether an overlay file belongs to an environment: it lies in the environment's overlay folder. */
export function inOverlay(file: string, environment: SelectedEnvironment): boolean {
  return file.startsWith(environment.overlay + '/');
}

/**
 * Applies an environment's overlay to the base resources. Each document of the overlay folder
 * names a resource by kind and metadata.name:
 * - when the base (or an earlier document of the overlay) defines that resource, the document is
 *   a JSON Merge Patch of it (apiVersion, kind and metadata.name identify, they are not patched);
 * - otherwise it is an addition, a resource only this environment has, when it is complete (it
 *   has every property its kind's schema requires) and does not say `metadata.patch: true`;
 * - otherwise it is a patch that targets nothing: overlay-target-missing at its metadata.name.
 * Files are applied in path order, documents in file order.
 */
export function applyOverlay(resources: readonly AnyResource[], files: readonly LoadedOverlayFile[], environment: SelectedEnvironment): OverlayResult {
  const result: OverlayResult = { resources: [...resources], findings: [], revalidated: new Map(), sources: new Map(), patched: new Set() };
  const mine = files.filter((file) => inOverlay(file.file, environment));
  if (mine.length === 0) return result;
  // Where each resource sits in the list, by kind and name (the first of a duplicated name, as the checks take it).
  const position = new Map<string, number>();
  result.resources.forEach((resource, index) => {
    const key = `${resource.kind}#${resource.name}`;
    if (!position.has(key)) position.set(key, index);
  });
  const touched = new Set<number>();
  for (const file of mine) {
    for (const finding of file.findings) result.findings.push(finding);
    for (const { index, value } of file.documents) {
      if (value === null) continue; // an empty document is nothing
      const report = (code: Finding['code'], pointer: string, message: string, hint?: string, atKey = false) =>
        result.findings.push({ severity: 'error', code, message, file: file.file, document: index, pointer, atKey, ...(hint ? { hint } : {}) });
      const document = readOverlayDocument(value);
      if (typeof document === 'string') {
        report('not-a-resource', document === 'metadata.patch' ? '/metadata/patch' : '', overlayProblems[document as keyof typeof overlayProblems], undefined, document !== 'metadata.patch');
        continue;
      }
      const { kind, name, patch, body, full } = document;
      const key = `${kind}#${name}`;
      const at = position.get(key);
      if (at !== undefined) {
        const target = result.resources[at]!;
        const sourceKey = `${target.file}#${target.document}`;
        let list = result.sources.get(sourceKey);
        if (!list) result.sources.set(sourceKey, (list = []));
        const value = mergePatch(target.value, body, '', (path) => list!.push({ ...path, file: file.file, document: index }));
        result.resources[at] = { ...target, value } as AnyResource;
        touched.add(at);
        continue;
      }
      const known = [...position.keys()].filter((candidate) => candidate.startsWith(kind + '#')).map((candidate) => candidate.slice(kind.length + 1));
      const missing = `${kind.toLowerCase()} '${name}' is not defined, so environment '${environment.name}' has nothing to patch`;
      if (patch) {
        report('overlay-target-missing', '/metadata/name', missing, didYouMean(name, known) ?? 'remove metadata.patch to add it as a resource of this environment only (then it must be complete)');
        continue;
      }
      const validated = schemaFindings(kind, full, file.file, index);
      const lacking = validated.findings.filter((finding) => finding.keyword === 'required');
      if (lacking.length > 0) {
        // Not a whole resource, and nothing to patch: most likely a misspelt name.
        report('overlay-target-missing', '/metadata/name', `${missing}; as an addition it is incomplete: ${lacking[0]!.message}`, didYouMean(name, known) ?? `name a ${kind.toLowerCase()} of the base project, or complete the document to add one`);
        continue;
      }
      // Kept with the patched resources' findings: a later document may patch the addition.
      result.revalidated.set(`${file.file}#${index}`, validated.findings);
      position.set(key, result.resources.length);
      result.resources.push({ kind, name, file: file.file, document: index, value: full, valid: validated.valid } as unknown as AnyResource);
    }
  }
  for (const at of touched) {
    const resource = result.resources[at]!;
    const validated = schemaFindings(resource.kind, resource.value, resource.file, resource.document);
    result.revalidated.set(`${resource.file}#${resource.document}`, validated.findings);
    const patched = { ...resource, valid: validated.valid } as AnyResource;
    result.resources[at] = patched;
    result.patched.add(patched);
  }
  return result;
}

const overlayProblems = {
  shape: 'an overlay document is a mapping with apiVersion: weft/v1, a kind and metadata.name',
  apiVersion: "an overlay document starts with apiVersion: weft/v1, like the resource it patches",
  kind: 'an overlay document names the kind of the resource it patches or adds: Connector, Instance, Flow or Test',
  project: 'an overlay patches connectors, instances, flows and tests; the project and its environments are declared in weft.yaml',
  name: 'an overlay document names the resource it patches or adds in metadata.name',
  'metadata.patch': 'metadata.patch is true (a patch that must find its target) or absent',
};

/** An overlay document's identity and body, or which of its parts is wrong. */
function readOverlayDocument(value: unknown): { kind: ResourceKind; name: string; patch: boolean; body: Record<string, unknown>; full: Record<string, unknown> } | keyof typeof overlayProblems {
  if (!isObject(value)) return 'shape';
  if (value.apiVersion !== 'weft/v1') return 'apiVersion';
  if (value.kind === 'Project') return 'project';
  if (typeof value.kind !== 'string' || !(patchableKinds as readonly string[]).includes(value.kind)) return 'kind';
  const metadata = isObject(value.metadata) ? value.metadata : undefined;
  if (typeof metadata?.name !== 'string') return 'name';
  if (metadata.patch !== undefined && typeof metadata.patch !== 'boolean') return 'metadata.patch';
  const { patch, ...restOfMetadata } = metadata;
  const full = { ...value, metadata: restOfMetadata };
  // What the patch changes: everything but the identity (which must not count as set by the overlay).
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...body } = value;
  const { name: _name, ...metadataChanges } = restOfMetadata;
  if (Object.keys(metadataChanges).length > 0) body.metadata = metadataChanges;
  return { kind: value.kind as ResourceKind, name: metadata.name, patch: patch === true, body, full };
}

/**
 * A finding about a patched resource, moved to the overlay document that set the value it is
 * about: the latest patch that set its path or a path above it; for a finding at an object a
 * patch deleted a key of (a required property gone), that deletion. Others stay where they are.
 */
export function relocateFinding(finding: Finding, sources: ReadonlyMap<string, PatchSource[]>): Finding {
  if (finding.pointer === undefined || finding.range) return finding;
  const list = sources.get(`${finding.file}#${finding.document ?? 0}`);
  if (!list) return finding;
  const pointer = finding.pointer;
  let setter: PatchSource | undefined;
  for (const source of list) if (!source.deleted && (pointer === source.pointer || pointer.startsWith(source.pointer + '/'))) setter = source;
  if (setter) return { ...finding, file: setter.file, document: setter.document };
  let deleter: PatchSource | undefined;
  for (const source of list) if (source.deleted && source.pointer.slice(0, source.pointer.lastIndexOf('/')) === pointer) deleter = source;
  if (deleter) return { ...finding, file: deleter.file, document: deleter.document, pointer: deleter.pointer, atKey: true };
  return finding;
}

