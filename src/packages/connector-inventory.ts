import semver from 'semver';
import { connectorReference } from '../check/references.js';
import { isObject } from '../lex/is-object.js';
import type { LoadedProject } from '../pipeline/load-project.js';
import type { AnyResource, PackageOrigin, Resource } from '../schema/resource.js';
import { resolvePackages } from './resolve-packages.js';

/** One connector the project can use: its own, or one an installed package supplies. */
export interface InventoryConnector {
  name: string;
  version: string;
  /** Relative to the project root ('connectors/api.yaml', 'node_modules/weft-connector-shop/connectors/shopify.yaml'). */
  file: string;
  /** The package it comes from; null for the project's own. */
  package: PackageOrigin | null;
  /** used: an instance uses it; shadowed: the project defines a connector of its name, which is used instead. */
  status: 'used' | 'unused' | 'shadowed';
  /** The instances that use it, sorted. */
  usedBy: string[];
}

/** An instance's connector reference: what it asks for and what it gets. */
export interface InventoryInstance {
  instance: string;
  file: string;
  connector: string;
  /** The semver range of `connector: name@range`; null without one (any version). */
  range: string | null;
  /** The connector it resolved to; null when none (missing, ambiguous, no version satisfies). */
  resolved: { version: string; file: string; package: PackageOrigin | null } | null;
  /** The highest version of the connector the project or an installed package defines (null: none). */
  latest: string | null;
  /**
   * ok: the resolved version satisfies the range; unsatisfied: it does not (or no installed
   * version does); ambiguous: several packages satisfy it; missing: no connector of that name.
   */
  status: 'ok' | 'unsatisfied' | 'ambiguous' | 'missing';
}

/** An installed connector package (or one package.json lists that is not installed) against the range package.json asks for. */
export interface InventoryPackage {
  name: string;
  /** The name package.json lists it under (differs from `name` for an npm alias). */
  dependency: string;
  /** What package.json asks for ('^1.2.0', 'npm:weft-connector-shop@^1.2', 'file:../shop'). */
  wanted: string;
  /** The version installed; null when it is not installed. */
  installed: string | null;
  directory: string | null;
  /** Its connectors, as name@version. */
  connectors: string[];
  /** ok; unsatisfied: installed but outside the range; missing: not installed; unchecked: the specifier is not a semver range (a path, a git URL, a tag). */
  status: 'ok' | 'unsatisfied' | 'missing' | 'unchecked';
}

export interface ConnectorInventory {
  connectors: InventoryConnector[];
  instances: InventoryInstance[];
  packages: InventoryPackage[];
  /** Whether every instance's range is satisfied and every connector package installed within package.json's range. */
  ok: boolean;
  /** Errors in the packages (bad-package, unreadable package files) that `weft validate` reports in full. */
  packageErrors: number;
}

/**
 * What connectors a project can use and where each comes from, what each instance asks for and
 * gets, and how each connector package compares with what package.json asks for: the data of
 * `weft connectors list` and `weft connectors outdated`. The project as written (no environment's
 * overlay applied); no network: "outdated" compares what is installed with the ranges.
 */
export function connectorInventory(loaded: LoadedProject): ConnectorInventory {
  const resolution = resolvePackages(loaded.resources, loaded.packages);
  const own = new Map<string, Resource<'Connector'>>();
  for (const resource of loaded.resources) if (resource.kind === 'Connector' && !own.has(resource.name)) own.set(resource.name, resource);
  const packaged = loaded.packages.resources.filter((resource): resource is Resource<'Connector'> => resource.kind === 'Connector');
  const chosen = new Set<AnyResource>(resolution.resources);

  const instances: InventoryInstance[] = [];
  const usedBy = new Map<AnyResource, string[]>();
  for (const instance of loaded.resources) {
    if (instance.kind !== 'Instance') continue;
    const reference = connectorReference(isObject(instance.value.spec) ? instance.value.spec.connector : undefined);
    if (!reference) continue;
    const connector = own.get(reference.name) ?? resolution.connectorOf.get(instance.name);
    if (connector) usedBy.set(connector, [...(usedBy.get(connector) ?? []), instance.name]);
    const versions = [own.get(reference.name), ...packaged.filter((candidate) => candidate.name === reference.name)].map((candidate) => (candidate ? versionOf(candidate) : '')).filter((version) => semver.valid(version));
    const latest = versions.length > 0 ? versions.sort(semver.rcompare)[0]! : null;
    let status: InventoryInstance['status'];
    if (connector) status = reference.range === undefined || (semver.valid(versionOf(connector)) !== null && semver.validRange(reference.range) !== null && semver.satisfies(versionOf(connector), reference.range)) ? 'ok' : 'unsatisfied';
    else {
      const reported = resolution.findings.find((finding) => finding.file === instance.file && finding.document === instance.document && finding.pointer === '/spec/connector');
      status = reported?.code === 'ambiguous-connector' ? 'ambiguous' : reported ? 'unsatisfied' : 'missing';
    }
    instances.push({
      instance: instance.name,
      file: instance.file,
      connector: reference.name,
      range: reference.range ?? null,
      resolved: connector ? { version: versionOf(connector), file: connector.file, package: connector.package ?? null } : null,
      latest,
      status,
    });
  }
  instances.sort((a, b) => compare(a.instance, b.instance));

  const connectors: InventoryConnector[] = [...own.values(), ...packaged].map((connector) => {
    const users = (usedBy.get(connector) ?? []).sort(compare);
    const shadowed = connector.package !== undefined && own.has(connector.name);
    return {
      name: connector.name,
      version: versionOf(connector),
      file: connector.file,
      package: connector.package ?? null,
      status: shadowed ? 'shadowed' : users.length > 0 && (connector.package === undefined || chosen.has(connector)) ? 'used' : 'unused',
      usedBy: users,
    };
  });
  connectors.sort((a, b) => compare(a.name, b.name) || Number(a.package !== null) - Number(b.package !== null) || compare(a.file, b.file));

  const packages: InventoryPackage[] = [
    ...loaded.packages.packages.map((installed) => ({
      name: installed.name,
      dependency: installed.dependency,
      wanted: installed.range,
      installed: installed.version,
      directory: installed.directory,
      connectors: packaged.filter((connector) => connector.package?.directory === installed.directory).map((connector) => `${connector.name}@${versionOf(connector)}`),
      status: packageStatus(installed.version, installed.range),
    })),
    ...loaded.packages.missing.map((missing) => ({ name: missing.dependency, dependency: missing.dependency, wanted: missing.range, installed: null, directory: null, connectors: [], status: 'missing' as const })),
  ];
  packages.sort((a, b) => compare(a.dependency, b.dependency));

  const packageErrors = resolution.findings.filter((finding) => finding.severity === 'error' && (finding.code === 'bad-package' || loaded.packages.sources.has(finding.file))).length;
  const ok = instances.every((instance) => instance.status === 'ok') && packages.every((entry) => entry.status === 'ok' || entry.status === 'unchecked');
  return { connectors, instances, packages, ok, packageErrors };
}

/** An installed version against package.json's specifier: a range, or an npm alias's range. */
function packageStatus(version: string, wanted: string): InventoryPackage['status'] {
  const range = wanted.startsWith('npm:') ? wanted.slice(wanted.lastIndexOf('@') > 4 ? wanted.lastIndexOf('@') + 1 : wanted.length) : wanted;
  if (range === '' || semver.validRange(range) === null) return 'unchecked';
  return semver.valid(version) !== null && semver.satisfies(version, range) ? 'ok' : 'unsatisfied';
}

function versionOf(connector: Resource<'Connector'>): string {
  const version = isObject(connector.value.spec) ? connector.value.spec.version : undefined;
  return typeof version === 'string' ? version : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
