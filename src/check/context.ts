import type { Finding } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnosticCodes } from '../diagnostics/codes.js';
import type { AnyResource, Resource, ResourceKind } from '../schema/resource.js';

/** A semantic rule: one job, reporting through the context. */
export interface Rule {
  /** The codes the rule may report. */
  codes: readonly DiagnosticCode[];
  description: string;
  check(ctx: CheckContext): void;
}

/**
 * What rules see: every resource by kind and name (the first of a duplicated name wins), the
 * names other resources use, and `report` to add a finding at a pointer in a resource.
 */
export class CheckContext {
  readonly findings: Finding[] = [];
  readonly byKind: { [K in ResourceKind]: Map<string, Resource<K>> } = {
    Project: new Map(),
    Connector: new Map(),
    Instance: new Map(),
    Flow: new Map(),
  };
  /** Instances referenced from flows (including a misspelt reference's likely target). */
  readonly usedInstances = new Set<string>();
  /** Connectors referenced from instances (likewise). */
  readonly usedConnectors = new Set<string>();
  /** Connector each instance resolved to, filled by the instance-connector rule. */
  readonly connectorOfInstance = new Map<string, Resource<'Connector'>>();

  constructor(readonly resources: readonly AnyResource[]) {
    for (const resource of resources) {
      const byName = this.byKind[resource.kind] as Map<string, AnyResource>;
      if (!byName.has(resource.name)) byName.set(resource.name, resource);
    }
  }

  get connectors(): Map<string, Resource<'Connector'>> {
    return this.byKind.Connector;
  }
  get instances(): Map<string, Resource<'Instance'>> {
    return this.byKind.Instance;
  }
  get flows(): Map<string, Resource<'Flow'>> {
    return this.byKind.Flow;
  }

  /** Resources of a kind that passed their schema, so their shape can be trusted. */
  *valid<K extends ResourceKind>(kind: K): Iterable<Resource<K>> {
    for (const resource of this.byKind[kind].values()) if (resource.valid) yield resource;
  }

  report(
    resource: AnyResource,
    pointer: string,
    code: DiagnosticCode,
    message: string,
    options: { hint?: string; atKey?: boolean } = {},
  ): void {
    this.findings.push({
      severity: diagnosticCodes[code].severity,
      code,
      message,
      file: resource.file,
      document: resource.document,
      pointer,
      atKey: options.atKey,
      hint: options.hint,
    });
  }
}
