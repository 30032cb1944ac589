import type { AnyResource, ResourceKind } from '../schema/resource.js';
import type { CheckContext } from '../check/context.js';
import { connectorReference } from '../check/references.js';
import { applyDefaults } from './apply-defaults.js';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256 } from './canonical-json.js';
import { settingsWithDefaults } from '../check/user-schemas.js';

/** One deployed resource in a bundle. */
export interface BundleResource {
  kind: Exclude<ResourceKind, 'Project' | 'Test'>;
  name: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
  /** sha256 of the resource (for an instance, also of its connector). */
  sha256: string;
}

/** The compiled, canonical form of a project: what plan and apply reconcile. */
export interface Bundle {
  apiVersion: 'weft/v1';
  kind: 'Bundle';
  project: string;
  resources: BundleResource[];
  sha256: string;
}

/** Dependency order: connectors, then instances, then lookup tables, then flows. */
const kindOrder = { Connector: 0, Instance: 1, Lookup: 2, Flow: 3 } as const;

/**
 * Compiles checked resources into the canonical bundle: sorted by kind then name, defaults
 * applied, connector ranges resolved to exact versions, placeholders left as they are.
 * Call only when the project has no errors, or with `lenient` on the resources that have none
 * (what `weft diff` does with a base that does not validate).
 */
export function compileBundle(projectName: string, resources: readonly AnyResource[], context: CheckContext, options: { lenient?: boolean } = {}): Bundle {
  // By kind, then by name within each (sorted per kind: a comparison of names only). Tests are
  // the project's, not the engine's: weft test runs them; they are never deployed.
  const byKind: Exclude<AnyResource, { kind: 'Project' | 'Test' }>[][] = [[], [], [], []];
  for (const resource of resources) if (resource.kind !== 'Project' && resource.kind !== 'Test') byKind[kindOrder[resource.kind]]!.push(resource);
  const deployable = byKind.flatMap((ofKind) => ofKind.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  const connectorNames = new Set(deployable.filter((resource) => resource.kind === 'Connector').map((resource) => resource.name));

  // The project's egress policy goes with each instance: the engine enforces it per instance's
  // requests, and a change to it shows in the plan as a change to every instance it reaches.
  const project = resources.find((resource): resource is Extract<AnyResource, { kind: 'Project' }> => resource.kind === 'Project');
  const egress = project?.valid ? project.value.spec?.egress : undefined;
  const connectorHashes = new Map<string, string>();
  const compiled: BundleResource[] = [];
  // Each resource is serialised once: its canonical text gives its hash and is part of the
  // bundle's, whose hash is = sha256(canonicalJson(body)), fed as it goes (a whole project's text is never held).
  const bundleHash = createHash('sha256').update(`{"apiVersion":"weft/v1","kind":"Bundle","project":${canonicalJson(projectName)},"resources":[`);
  for (const resource of deployable) {
    const document = applyDefaults(resource.value, resource.kind) as { metadata: Record<string, unknown>; spec: Record<string, any> };
    const spec = document.spec;
    let dependency = '';
    if (resource.kind === 'Instance') {
      const connector = context.connectorOfInstance.get(resource.name);
      const reference = connectorReference(spec.connector);
      // Lenient (a project with errors, compiled as far as it goes): an instance whose connector
      // is not there is left out.
      if (!connector || !reference || !connectorNames.has(reference.name)) {
        if (options.lenient) continue;
        throw new Error(`instance ${resource.name}: its connector did not compile`);
      }
      spec.connector = reference.name;
      spec.connectorVersion = connector.value.spec.version;
      spec.settings = settingsWithDefaults(connector.value.spec.settings ?? { type: 'object' }, spec.settings ?? {});
      const methods = Object.keys(connector.value.spec.auth ?? {});
      if (spec.auth === undefined && methods.length > 0) spec.auth = methods[0];
      if (egress !== undefined) spec.egress = egress;
      dependency = connectorHashes.get(reference.name)!;
    }
    const [kind, metadata, specText] = [canonicalJson(resource.kind), canonicalJson(document.metadata), canonicalJson(spec)];
    // = canonicalJson({ kind, metadata, spec }), keys in code-unit order.
    const hash = sha256('{"kind":', kind, ',"metadata":', metadata, ',"spec":', specText, '}', dependency);
    if (resource.kind === 'Connector') connectorHashes.set(resource.name, hash);
    if (compiled.length > 0) bundleHash.update(',');
    compiled.push({ kind: resource.kind, name: resource.name, metadata: document.metadata, spec, sha256: hash });
    for (const part of ['{"kind":', kind, ',"metadata":', metadata, ',"name":', canonicalJson(resource.name), ',"sha256":"', hash, '","spec":', specText, '}']) bundleHash.update(part);
  }
  const body = { apiVersion: 'weft/v1' as const, kind: 'Bundle' as const, project: projectName, resources: compiled };
  return { ...body, sha256: bundleHash.update(']}').digest('hex') };
}

/**
 * Why a bundle received from elsewhere (a saved plan, an apply request) is not what weft
 * compiles: a resource without its fields, a resource hash or the bundle hash that does not
 * match the content. Undefined when it is sound.
 */
export function bundleProblem(value: unknown): string | undefined {
  const bundle = value as Partial<Bundle> | null;
  if (typeof bundle !== 'object' || bundle === null || bundle.apiVersion !== 'weft/v1' || bundle.kind !== 'Bundle' || typeof bundle.project !== 'string' || !Array.isArray(bundle.resources) || typeof bundle.sha256 !== 'string') {
    return 'it is not a compiled bundle';
  }
  const connectorHashes = new Map<string, string>();
  for (const resource of bundle.resources as Partial<BundleResource>[]) {
    const isObject = (field: unknown) => typeof field === 'object' && field !== null && !Array.isArray(field);
    if (!resource || !(resource.kind! in kindOrder) || typeof resource.name !== 'string' || !isObject(resource.metadata) || !isObject(resource.spec)) {
      return 'a resource lacks its kind, name, metadata or spec';
    }
    const dependency = resource.kind === 'Instance' ? (connectorHashes.get(String(resource.spec!.connector)) ?? '') : '';
    const hash = sha256(canonicalJson({ kind: resource.kind, metadata: resource.metadata, spec: resource.spec }) + dependency);
    if (hash !== resource.sha256) return `the hash of ${String(resource.kind).toLowerCase()} ${resource.name} does not match its content`;
    if (resource.kind === 'Connector') connectorHashes.set(resource.name, hash);
  }
  const { sha256: claimed, ...body } = bundle;
  return sha256(canonicalJson(body)) === claimed ? undefined : 'the bundle does not match its sha256';
}

/** The bundle as the bytes written to disk: canonical, indented, ending in a newline. */
export function serializeBundle(bundle: Bundle): string {
  return canonicalJson(bundle, 2) + '\n';
}
