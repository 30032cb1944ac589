import type { Connector, Flow, Instance, Lookup, Project, Test } from '../generated/schema-types.js';

export const resourceKinds = ['Project', 'Connector', 'Instance', 'Flow', 'Lookup', 'Test'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

interface DocumentsByKind {
  Project: Project;
  Connector: Connector;
  Instance: Instance;
  Flow: Flow;
  Lookup: Lookup;
  Test: Test;
}

/** One weft resource document, with where it came from. */
export interface Resource<K extends ResourceKind = ResourceKind> {
  kind: K;
  name: string;
  file: string;
  /** Index of the document within its file. */
  document: number;
  /**
   * The document as plain data. When `valid` is false it failed its schema and is typed only
   * as far as checks verify it themselves.
   */
  value: DocumentsByKind[K];
  valid: boolean;
  /** The installed connector package the resource comes from; undefined for the project's own. */
  package?: PackageOrigin;
}

/** An installed npm package that supplies connectors and lookup tables (docs/packages.md). */
export interface PackageOrigin {
  /** Its name and version, from its package.json. */
  name: string;
  version: string;
  /** Its folder, relative to the project root with '/' separators (node_modules/weft-connector-shop). */
  directory: string;
}

export type AnyResource = { [K in ResourceKind]: Resource<K> }[ResourceKind];

/**
 * A kind as the program spells it, for a resource read back from V8's serialization (the file
 * cache), whose strings are copies: every check compares every resource's kind each watch cycle.
 */
export function programKind(kind: string): string {
  return resourceKinds.find((known) => known === kind) ?? kind;
}
