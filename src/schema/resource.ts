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
}

export type AnyResource = { [K in ResourceKind]: Resource<K> }[ResourceKind];
