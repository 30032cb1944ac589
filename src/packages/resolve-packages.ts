import semver from 'semver';
import type { Finding } from '../diagnostics/diagnostic.js';
import { connectorReference } from '../check/references.js';
import { lookupCalls } from '../lex/lookup-calls.js';
import { isObject } from '../lex/is-object.js';
import type { AnyResource, Resource } from '../schema/resource.js';
import { flowSteps } from '../steps/registry.js';
import type { ProjectPackages } from './load-packages.js';

/** What resolving a project's references against its connector packages gives. */
export interface PackageResolution {
  /** The project's resources, then the package resources it uses (each package connector or lookup once). */
  resources: AnyResource[];
  /**
   * The findings that count: `ambiguous-connector`, `ambiguous-lookup`, `connector-version` (no
   * installed version satisfies), `shadows-package`, `bad-package`, and those in package files
   * that are used or could not be read as resources. A package resource the project does not use
   * is not checked, so its findings do not count.
   */
  findings: Finding[];
  /** Names the resolution reported on, or that a package file which could not be read may define: not "unknown". */
  settled: Set<string>;
  /** The package connector each instance resolved to (instances of a project connector are not in it). */
  connectorOf: Map<string, Resource<'Connector'>>;
}

/**
 * Resolves the connectors instances name and the lookup tables flows read against the installed
 * connector packages (docs/packages.md): the project's own definition of a name comes first and
 * shadows every package's (a warning says so); a name the project does not define is the one
 * package definition there is, or the one whose version satisfies the instance's range. Several
 * that satisfy it, or instances that settle on different packages' connectors of one name, are
 * `ambiguous-connector` at the instance's `connector` value, naming the files.
 */
export function resolvePackages(resources: readonly AnyResource[], packages: ProjectPackages): PackageResolution {
  if (packages.resources.length === 0 && packages.findings.length === 0 && packages.salvagedNames.length === 0) {
    return { resources: resources as AnyResource[], findings: [], settled: new Set(), connectorOf: new Map() };
  }
  const findings: Finding[] = [];
  const settled = new Set<string>(packages.salvagedNames);
  const connectorOf = new Map<string, Resource<'Connector'>>();
  const own = { Connector: new Map<string, AnyResource>(), Lookup: new Map<string, AnyResource>() };
  for (const resource of resources) {
    if ((resource.kind === 'Connector' || resource.kind === 'Lookup') && !own[resource.kind].has(resource.name)) own[resource.kind].set(resource.name, resource);
  }
  const offered = { Connector: new Map<string, Resource<'Connector'>[]>(), Lookup: new Map<string, Resource<'Lookup'>[]>() };
  for (const resource of packages.resources) {
    if (resource.kind !== 'Connector' && resource.kind !== 'Lookup') continue;
    const byName = offered[resource.kind] as Map<string, AnyResource[]>;
    const list = byName.get(resource.name);
    if (list) list.push(resource);
    else byName.set(resource.name, [resource]);
  }

  // The project's own definition wins; say so, since an installed package meant to supply it.
  for (const kind of ['Connector', 'Lookup'] as const) {
    for (const [name, resource] of own[kind]) {
      const shadowed = offered[kind].get(name);
      if (!shadowed) continue;
      findings.push({
        severity: 'warning',
        code: 'shadows-package',
        message: `${kind === 'Connector' ? 'connector' : 'lookup'} '${name}' is also supplied by ${shadowed.map(describe).join(' and ')}; the project's own is used`,
        file: resource.file,
        document: resource.document,
        pointer: '/metadata/name',
        hint: `rename one of them, or remove the project's to use the package's (${kind === 'Connector' ? 'instances name connectors' : 'flows read lookups'} by name)`,
      });
    }
  }

  const used = new Set<AnyResource>();
  const choices = new Map<string, { instance: Resource<'Instance'>; connector: Resource<'Connector'> }[]>();
  for (const instance of resources) {
    if (instance.kind !== 'Instance') continue;
    const reference = connectorReference(isObject(instance.value.spec) ? instance.value.spec.connector : undefined);
    if (!reference || own.Connector.has(reference.name)) continue;
    const candidates = offered.Connector.get(reference.name);
    if (!candidates) continue;
    // One definition: it is the connector, and the instance's range is checked as for a project's.
    if (candidates.length === 1) {
      addChoice(choices, reference.name, instance, candidates[0]!);
      continue;
    }
    const report = (code: 'ambiguous-connector' | 'connector-version', message: string, hint?: string) => {
      settled.add(reference.name);
      findings.push({ severity: 'error', code, message, file: instance.file, document: instance.document, pointer: '/spec/connector', ...(hint && { hint }) });
    };
    if (reference.range !== undefined && semver.validRange(reference.range) === null) {
      report('connector-version', `'${reference.range}' is not a valid semver range (for example ^1.2 or ~1.4.0)`);
      continue;
    }
    const fitting = candidates.filter((candidate) => reference.range === undefined || satisfies(versionOf(candidate), reference.range));
    if (fitting.length === 1) {
      addChoice(choices, reference.name, instance, fitting[0]!);
    } else if (fitting.length === 0) {
      report(
        'connector-version',
        `no installed version of connector '${reference.name}' satisfies '${reference.range}': ${candidates.map((candidate) => `${versionOf(candidate) || 'no version'} in ${describe(candidate)}`).join(', ')}`,
        'install a package version that has it, or change the range',
      );
    } else {
      const versions = [...new Set(fitting.map(versionOf))];
      report(
        'ambiguous-connector',
        `connector '${reference.name}'${reference.range === undefined ? '' : ` (${reference.range})`} is supplied by more than one installed package: ${fitting.map(describe).join(' and ')}`,
        versions.length === fitting.length
          ? `name one version (${versions.map((version) => `${reference.name}@${version}`).join(' or ')}), or remove one of the packages from package.json`
          : 'remove one of the packages from package.json, or define the connector in the project',
      );
    }
  }
  // One connector of a name in a project: instances that settled on different ones cannot all have theirs.
  for (const [name, list] of choices) {
    const connectors = [...new Set(list.map((choice) => choice.connector))];
    if (connectors.length === 1) {
      used.add(connectors[0]!);
      for (const { instance, connector } of list) connectorOf.set(instance.name, connector);
      continue;
    }
    settled.add(name);
    const which = list.map(({ instance, connector }) => `instance '${instance.name}' ${describe(connector)}`).join(', ');
    for (const { instance } of list) {
      findings.push({
        severity: 'error',
        code: 'ambiguous-connector',
        message: `instances use connector '${name}' from different installed packages (${which}); a project uses one connector of a name`,
        file: instance.file,
        document: instance.document,
        pointer: '/spec/connector',
        hint: 'give the instances one range that a single package satisfies',
      });
    }
  }

  for (const { name, flow, pointer, span } of lookupReferences(resources)) {
    if (own.Lookup.has(name)) continue;
    const candidates = offered.Lookup.get(name);
    if (!candidates) continue;
    if (candidates.length === 1) {
      used.add(candidates[0]!);
      continue;
    }
    settled.add(name);
    findings.push({
      severity: 'error',
      code: 'ambiguous-lookup',
      message: `lookup '${name}' is supplied by more than one installed package: ${candidates.map(describe).join(' and ')}`,
      file: flow.file,
      document: flow.document,
      pointer,
      within: span,
      hint: 'remove one of the packages from package.json, or define the lookup in the project',
    });
  }

  // Findings in package files: those of resources in use, and those of documents that could not be read (whatever they define).
  const resourceAt = new Map(packages.resources.map((resource) => [`${resource.file}#${resource.document}`, resource]));
  for (const finding of packages.findings) {
    const resource = finding.code === 'bad-package' ? undefined : resourceAt.get(`${finding.file}#${finding.document ?? -1}`);
    if (!resource || used.has(resource)) findings.push(finding);
  }
  const chosen = packages.resources.filter((resource) => used.has(resource));
  return { resources: chosen.length > 0 ? [...resources, ...chosen] : (resources as AnyResource[]), findings, settled, connectorOf };
}

/** Where a package resource is: its file and its package. */
export function describe(resource: AnyResource): string {
  return resource.package ? `${resource.file} (${resource.package.name}@${resource.package.version})` : resource.file;
}

function addChoice(choices: Map<string, { instance: Resource<'Instance'>; connector: Resource<'Connector'> }[]>, name: string, instance: Resource<'Instance'>, connector: Resource<'Connector'>): void {
  const list = choices.get(name);
  if (list) list.push({ instance, connector });
  else choices.set(name, [{ instance, connector }]);
}

function versionOf(connector: Resource<'Connector'>): string {
  const version = isObject(connector.value.spec) ? connector.value.spec.version : undefined;
  return typeof version === 'string' ? version : '';
}

function satisfies(version: string, range: string): boolean {
  return semver.valid(version) !== null && semver.satisfies(version, range);
}

/** Every `$lookup('name', …)` of the project's flows, with where its name is. */
function lookupReferences(resources: readonly AnyResource[]): { name: string; flow: AnyResource; pointer: string; span: [number, number] }[] {
  const references = [];
  for (const flow of resources) {
    if (flow.kind !== 'Flow' || !flow.valid) continue;
    for (const { kind, body, pointer } of flowSteps(flow.value.spec)) {
      for (const expression of kind.expressions(body, pointer)) {
        if (!expression.text.includes('$lookup')) continue;
        for (const call of lookupCalls(expression.text)) references.push({ name: call.name, flow, pointer: expression.pointer, span: call.span });
      }
    }
  }
  return references;
}
