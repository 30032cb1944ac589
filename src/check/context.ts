import type { Finding } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnosticCodes } from '../diagnostics/codes.js';
import type { AnyResource, Resource, ResourceKind } from '../schema/resource.js';

/** A `report` call, as `replayReports` keeps it: everything but the resource. */
export type ReportCall = [pointer: string, code: DiagnosticCode, message: string, options: ReportOptions];

export interface ReportOptions {
  hint?: string;
  atKey?: boolean;
  group?: string;
  within?: [number, number];
}

/**
 * Per-resource findings kept between runs, by resource object and check: the findings of a
 * `perResource` check, or the report calls of a `replayReports` one.
 */
export type RuleMemo = WeakMap<AnyResource, Map<string, { key: string | readonly unknown[]; findings: Finding[]; calls?: ReportCall[] }>>;

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
    Lookup: new Map(),
    Test: new Map(),
  };
  /** Instances referenced from flows (including a misspelt reference's likely target). */
  readonly usedInstances = new Set<string>();
  /** Connectors referenced from instances (likewise). */
  readonly usedConnectors = new Set<string>();
  /** Connectors whose settings schema has a problem of its own: settings are not checked against it. */
  readonly brokenSettings = new Set<string>();
  /** Resources whose kind and name an earlier resource has, with that first one. */
  readonly duplicates: [resource: AnyResource, first: AnyResource][] = [];
  /** Connector each instance resolved to, filled by the instance-connector rule. */
  readonly connectorOfInstance = new Map<string, Resource<'Connector'>>();

  /**
   * @param salvagedNames names that documents which could not be read may define: references to
   *   them are not "unknown" (the broken document is already reported)
   * @param lostDocuments some document could not be read, so what uses what is not fully known
   */
  constructor(
    readonly resources: readonly AnyResource[],
    readonly salvagedNames: ReadonlySet<string> = new Set(),
    readonly lostDocuments = false,
    /** Findings of per-resource checks from an earlier run (watch mode): reused while the resource is the same object. */
    private readonly memo?: RuleMemo,
    /** Connector packages (weft-connector-*) the project's package.json lists that are not installed. */
    readonly missingPackages: readonly string[] = [],
  ) {
    for (const resource of resources) {
      const byName = this.byKind[resource.kind] as Map<string, AnyResource>;
      const first = byName.get(resource.name);
      if (first) this.duplicates.push([resource, first]);
      else byName.set(resource.name, resource);
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

  /** Resources of a kind that passed their schema, so their shape can be trusted (listed once per kind: every rule asks). */
  valid<K extends ResourceKind>(kind: K): readonly Resource<K>[] {
    let list = this.validOfKind.get(kind) as Resource<K>[] | undefined;
    if (!list) {
      list = [];
      for (const resource of this.byKind[kind].values()) if (resource.valid) list.push(resource as Resource<K>);
      this.validOfKind.set(kind, list as unknown as AnyResource[]);
    }
    return list;
  }

  private readonly validOfKind = new Map<ResourceKind, readonly AnyResource[]>();

  report(
    resource: AnyResource,
    pointer: string,
    code: DiagnosticCode,
    message: string,
    options: ReportOptions = {},
  ): void {
    for (const calls of this.recorders) calls.push([pointer, code, message, options]);
    if (options.group !== undefined) {
      // The same missing thing referenced again: one diagnostic, counting the other places.
      const first = this.groups.get(options.group);
      if (first) {
        first.count++;
        return;
      }
    }
    const finding: Finding = {
      severity: diagnosticCodes[code].severity,
      code,
      message,
      file: resource.file,
      document: resource.document,
      pointer,
      atKey: options.atKey,
      hint: options.hint,
      ...(options.within ? { within: options.within } : {}),
    };
    this.findings.push(finding);
    if (options.group !== undefined) this.groups.set(options.group, { finding, count: 0 });
  }

  private readonly groups = new Map<string, { finding: Finding; count: number }>();

  /**
   * Runs a check that looks at one resource only (and at what `key` says of the others), or
   * replays its findings from the memo when the same resource object was checked with the same
   * key before. Such checks must not group findings or record usage.
   */
  perResource(check: string, resource: AnyResource, key: string, run: () => void): void {
    if (!this.memo) return run();
    let byCheck = this.memo.get(resource);
    const hit = byCheck?.get(check);
    if (hit && hit.key === key) {
      for (const finding of hit.findings) this.findings.push(finding);
      return;
    }
    const before = this.findings.length;
    run();
    if (!byCheck) this.memo.set(resource, (byCheck = new Map()));
    byCheck.set(check, { key, findings: this.findings.slice(before) });
  }

  /** Where the report calls of the checks under way are recorded (`replayReports`, `recordReports`; nested ones each get every call). */
  private readonly recorders: ReportCall[][] = [];

  /** Runs a check and gives back its calls of `report` (which are made as usual). */
  recordReports(run: () => void): ReportCall[] {
    const calls: ReportCall[] = [];
    this.recorders.push(calls);
    try {
      run();
    } finally {
      this.recorders.pop();
    }
    return calls;
  }

  /**
   * State a rule carries from one run to the next over the same memo (watch mode and `weft lsp`
   * check again every change): undefined without a memo, else what `create` made the first time.
   */
  carried<T>(rule: string, create: () => T): T | undefined {
    if (!this.memo) return undefined;
    let byRule = carriedByMemo.get(this.memo);
    if (!byRule) carriedByMemo.set(this.memo, (byRule = new Map()));
    if (!byRule.has(rule)) byRule.set(rule, create());
    return byRule.get(rule) as T;
  }

  /**
   * As `perResource`, for a check that may group findings: what is kept is its calls of `report`
   * (all about this resource), made again on a replay, so groups count every place. It must not
   * record usage either (do that outside it). `key` is what else the findings depend on: the
   * objects (other resources) they were worked out from, the same objects for a replay. Kept in
   * this process only (objects mean nothing to another).
   */
  replayReports(check: string, resource: AnyResource, key: readonly unknown[], run: () => void): void {
    if (!this.memo) return run();
    let byCheck = this.memo.get(resource);
    const hit = byCheck?.get(check);
    if (hit?.calls && sameObjects(hit.key, key)) {
      for (const [pointer, code, message, options] of hit.calls) this.report(resource, pointer, code, message, options);
      return;
    }
    const calls = this.recordReports(run);
    if (!byCheck) this.memo.set(resource, (byCheck = new Map()));
    byCheck.set(check, { key, findings: [], calls });
  }

  /** Notes on grouped findings how many more places share the problem. */
  finish(): void {
    for (const { finding, count } of this.groups.values()) {
      if (count > 0) finding.message += ` (and ${count} more place${count === 1 ? '' : 's'})`;
    }
  }
}

/** What rules carry between runs, by the memo of those runs. */
const carriedByMemo = new WeakMap<RuleMemo, Map<string, unknown>>();

function sameObjects(kept: string | readonly unknown[], key: readonly unknown[]): boolean {
  if (typeof kept === 'string' || kept.length !== key.length) return false;
  for (let index = 0; index < key.length; index++) if (kept[index] !== key[index]) return false;
  return true;
}
