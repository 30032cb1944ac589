import type { Finding } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { diagnosticCodes } from '../diagnostics/codes.js';
import { resourceKinds, type AnyResource, type Resource, type ResourceKind } from '../schema/resource.js';

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
export type RuleMemo = WeakMap<AnyResource, Map<string, MemoEntry>>;

/**
 * One check's result for one resource: its findings (or its report calls), and the key they
 * were worked out under. A text key means the same to every process (it names content, never
 * objects): such entries are kept in `.weft/cache/` with the resource's file.
 */
export interface MemoEntry {
  key: string | readonly unknown[];
  findings: Finding[];
  calls?: ReportCall[];
  /** What `replayKept` keeps of the check's work, to work out the key of a replay from. */
  kept?: unknown;
}

/** A semantic rule: one job, reporting through the context. */
export interface Rule {
  /** The codes the rule may report. */
  codes: readonly DiagnosticCode[];
  description: string;
  check(ctx: CheckContext): void;
}

/**
 * What a rule's findings may depend on: the resources of a kind (the same objects in the same
 * order, or not), the names salvaged from broken documents, whether documents were lost, the
 * connector packages missing.
 */
type Input = ResourceKind | 'salvaged' | 'lost' | 'missing';

/** What rules work out for later rules to read (`usedInstances`, …). */
type DerivedSet = 'usedInstances' | 'usedConnectors' | 'brokenSettings';
type Derived = DerivedSet | 'connectorOfInstance';
const derivedSets: readonly DerivedSet[] = ['usedInstances', 'usedConnectors', 'brokenSettings'];

/** What a rule reported, in order: to do again when its inputs are the same. */
type Op = [kind: 0, resource: AnyResource, pointer: string, code: DiagnosticCode, message: string, options: ReportOptions] | [kind: 1, finding: Finding];

/** A rule's last run over a memo: what it read and did. */
interface RuleRecord {
  /** The inputs it read. */
  reads: Set<Input>;
  /** The derived structures it read or filled. */
  touched: Set<Derived>;
  ops: Op[];
  /** What it added to each derived set, in order (many: a list per set rather than an op each). */
  added: [set: DerivedSet, values: string[]][];
  /** The connectors it resolved instances to, in order. */
  resolved: [instance: string, connector: Resource<'Connector'>][];
}

/** What the last run over a memo saw of its inputs, and each rule's record. */
interface Carried {
  kinds: Map<ResourceKind, AnyResource[]>;
  /** Each kind's resources by name, and its duplicates, as the last run made them. */
  byName: Map<ResourceKind, Map<string, AnyResource>>;
  duplicates: Map<ResourceKind, [resource: AnyResource, first: AnyResource][]>;
  salvaged: ReadonlySet<string>;
  lost: boolean;
  missing: readonly string[];
  records: Map<Rule, RuleRecord>;
}

/**
 * What rules see: every resource by kind and name (the first of a duplicated name wins), the
 * names other resources use, and `report` to add a finding at a pointer in a resource.
 *
 * With a memo (watch mode, `weft lsp`), each rule's run is recorded with what it read of the
 * context, as it reads it: the kinds it lists or looks up, the salvaged names, and the derived
 * structures earlier rules fill. A rule none of whose inputs changed since its recorded run, and
 * none of whose derived structures a rule run again in this run touched (now or in its last
 * run), is not run again: its reports and its contributions for later rules are replayed.
 */
export class CheckContext {
  readonly findings: Finding[] = [];
  private readonly kinds = {} as { [K in ResourceKind]: Map<string, Resource<K>> };
  /** The maps of `kinds`, each read as a read of its kind. */
  readonly byKind: { readonly [K in ResourceKind]: Map<string, Resource<K>> };
  private readonly derived = {
    usedInstances: new RecordedSet(),
    usedConnectors: new RecordedSet(),
    brokenSettings: new RecordedSet(),
    connectorOfInstance: new RecordedMap(),
  };
  /** Derived structures that a rule run again in this run used (before, or now): their contents may differ from the last run's. */
  private readonly dirty = new Set<Derived>();
  private readonly allDuplicates: [resource: AnyResource, first: AnyResource][] = [];
  /** The rule being recorded. */
  private running: RuleRecord | undefined;
  private readonly carriedInputs: Carried | undefined;
  /** The inputs that differ from the last run over the memo (all of them without one). */
  private readonly changed = new Set<Input>();

  /**
   * @param salvagedNames names that documents which could not be read may define: references to
   *   them are not "unknown" (the broken document is already reported)
   * @param lostDocuments some document could not be read, so what uses what is not fully known
   */
  constructor(
    private readonly allResources: readonly AnyResource[],
    private readonly salvaged: ReadonlySet<string> = new Set(),
    private readonly lost = false,
    /** Findings of per-resource checks from an earlier run (watch mode): reused while the resource is the same object. */
    private readonly memo?: RuleMemo,
    /** Connector packages (weft-connector-*) the project's package.json lists that are not installed. */
    private readonly missing: readonly string[] = [],
    /**
     * The environment checked, when one is: what `replayKept` keeps is kept per environment (an
     * environment's patched instances would otherwise replace the project's entry every run).
     */
    private readonly environment?: string,
  ) {
    const ofKind = new Map<ResourceKind, AnyResource[]>(resourceKinds.map((kind) => [kind, []]));
    for (const resource of allResources) ofKind.get(resource.kind)!.push(resource);
    this.carriedInputs = this.carried<Carried>('check-context', () => ({ kinds: new Map(), byName: new Map(), duplicates: new Map(), salvaged: new Set(), lost: false, missing: [], records: new Map() }));
    const last = this.carriedInputs;
    for (const kind of resourceKinds) {
      const now = ofKind.get(kind)!;
      const before = last?.kinds.get(kind);
      const same = before !== undefined && before.length === now.length && now.every((resource, index) => resource === before[index]);
      if (!same) this.changed.add(kind);
      // The same resources as the last run over the memo: the same maps (a rule may tell by them), built once.
      let byName = same ? last!.byName.get(kind) : undefined;
      let duplicates = same ? last!.duplicates.get(kind) : undefined;
      if (!byName || !duplicates) {
        byName = new Map();
        duplicates = [];
        for (const resource of now) {
          const first = byName.get(resource.name);
          if (first) duplicates.push([resource, first]);
          else byName.set(resource.name, resource);
        }
      }
      (this.kinds as Record<ResourceKind, Map<string, AnyResource>>)[kind] = byName;
      for (const duplicate of duplicates) this.allDuplicates.push(duplicate);
      last?.byName.set(kind, byName);
      last?.duplicates.set(kind, duplicates);
    }
    const view = {} as { [K in ResourceKind]: Map<string, Resource<K>> };
    for (const kind of resourceKinds) {
      Object.defineProperty(view, kind, {
        enumerable: true,
        get: () => {
          this.read(kind);
          return this.kinds[kind];
        },
      });
    }
    this.byKind = view;
    if (!last) return;
    if (salvaged.size !== last.salvaged.size || [...salvaged].some((name) => !last.salvaged.has(name))) this.changed.add('salvaged');
    if (lost !== last.lost) this.changed.add('lost');
    if (missing.length !== last.missing.length || missing.some((name, index) => name !== last.missing[index])) this.changed.add('missing');
    last.kinds = ofKind;
    last.salvaged = salvaged;
    last.lost = lost;
    last.missing = missing;
  }

  /** Every resource, in project order (duplicates too). */
  get resources(): readonly AnyResource[] {
    for (const kind of resourceKinds) this.read(kind);
    return this.allResources;
  }
  get salvagedNames(): ReadonlySet<string> {
    this.read('salvaged');
    return this.salvaged;
  }
  get lostDocuments(): boolean {
    this.read('lost');
    return this.lost;
  }
  get missingPackages(): readonly string[] {
    this.read('missing');
    return this.missing;
  }
  /** Resources whose kind and name an earlier resource has, with that first one. */
  get duplicates(): readonly [resource: AnyResource, first: AnyResource][] {
    for (const kind of resourceKinds) this.read(kind);
    return this.allDuplicates;
  }
  /** Instances referenced from flows (including a misspelt reference's likely target). */
  get usedInstances(): Set<string> {
    return this.readDerived('usedInstances');
  }
  /** Connectors referenced from instances (likewise). */
  get usedConnectors(): Set<string> {
    return this.readDerived('usedConnectors');
  }
  /** Connectors whose settings schema has a problem of its own: settings are not checked against it. */
  get brokenSettings(): Set<string> {
    return this.readDerived('brokenSettings');
  }
  /** Connector each instance resolved to, filled by the instance-connector rule. */
  get connectorOfInstance(): Map<string, Resource<'Connector'>> {
    return this.readDerived('connectorOfInstance');
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

  private readonly validOfKind = new Map<ResourceKind, readonly AnyResource[]>();

  /** Resources of a kind that passed their schema, so their shape can be trusted (listed once per kind: every rule asks). */
  valid<K extends ResourceKind>(kind: K): readonly Resource<K>[] {
    this.read(kind);
    let list = this.validOfKind.get(kind) as Resource<K>[] | undefined;
    if (!list) {
      list = [];
      for (const resource of this.kinds[kind].values()) if (resource.valid) list.push(resource as Resource<K>);
      this.validOfKind.set(kind, list as unknown as AnyResource[]);
    }
    return list;
  }

  /** Runs a rule, or replays its last run over the memo when nothing it read has changed since. */
  run(rule: Rule): void {
    const records = this.carriedInputs?.records;
    if (!records) return rule.check(this);
    const kept = records.get(rule);
    if (kept && !intersects(kept.reads, this.changed) && !intersects(kept.touched, this.dirty)) {
      this.replay(kept);
      return;
    }
    const record: RuleRecord = { reads: new Set(), touched: new Set(), ops: [], added: [], resolved: [] };
    const sets = derivedSets.map((name) => this.derived[name]);
    for (const set of sets) set.log = [];
    this.derived.connectorOfInstance.log = record.resolved;
    this.running = record;
    try {
      rule.check(this);
    } finally {
      this.running = undefined;
      for (const [index, set] of sets.entries()) {
        if (set.log!.length > 0) record.added.push([derivedSets[index]!, set.log!]);
        set.log = undefined;
      }
      this.derived.connectorOfInstance.log = undefined;
    }
    for (const derived of kept?.touched ?? []) this.dirty.add(derived);
    for (const derived of record.touched) this.dirty.add(derived);
    records.set(rule, record);
  }

  private replay(record: RuleRecord): void {
    for (const op of record.ops) {
      if (op[0] === 0) this.report(op[1], op[2], op[3], op[4], op[5]);
      else this.findings.push(op[1]);
    }
    for (const [name, values] of record.added) {
      const set = this.derived[name];
      for (const value of values) set.add(value);
    }
    for (const [instance, connector] of record.resolved) this.derived.connectorOfInstance.set(instance, connector);
  }

  private read(input: Input): void {
    this.running?.reads.add(input);
  }

  private readDerived<D extends Derived>(derived: D): (typeof this.derived)[D] {
    this.running?.touched.add(derived);
    return this.derived[derived];
  }

  /** Adds findings made elsewhere (schema errors of a user's schema, placed in a resource). */
  add(findings: readonly Finding[]): void {
    for (const finding of findings) {
      this.findings.push(finding);
      this.running?.ops.push([1, finding]);
    }
  }


  report(
    resource: AnyResource,
    pointer: string,
    code: DiagnosticCode,
    message: string,
    options: ReportOptions = {},
  ): void {
    for (const calls of this.recorders) calls.push([pointer, code, message, options]);
    this.running?.ops.push([0, resource, pointer, code, message, options]);
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
      if (hit.findings.length > 0) this.add(hit.findings);
      return;
    }
    const before = this.findings.length;
    run();
    if (!byCheck) this.memo.set(resource, (byCheck = new Map()));
    byCheck.set(check, { key, findings: this.findings.slice(before) });
  }

  /**
   * `perResource` over a list, for a check whose findings about a resource depend on that
   * resource alone (no key). With a memo, the list is compared with the one this check swept
   * last: the resources the two share at their start and at their end (the same objects) are not
   * looked at again, their findings are added as kept; only those in between are checked (or
   * found in the memo). An edit of one file changes one stretch of a list: the other thousands
   * of resources cost a comparison each, not a lookup.
   */
  sweep<R extends AnyResource>(check: string, list: readonly R[], run: (resource: R) => void): void {
    if (!this.memo) {
      for (const resource of list) run(resource);
      return;
    }
    let sweeps = sweepsByMemo.get(this.memo);
    if (!sweeps) sweepsByMemo.set(this.memo, (sweeps = new Map()));
    const last = sweeps.get(check);
    const before = last?.list ?? [];
    const { start, tail } = sharedEnds(before, list);
    const findings: (readonly Finding[])[] = new Array(list.length);
    const keep = (index: number, from: number) => {
      const kept = last!.findings[from]!;
      findings[index] = kept;
      if (kept.length > 0) this.add(kept);
    };
    for (let index = 0; index < start; index++) keep(index, index);
    const end = list.length - tail;
    for (let index = start; index < end; index++) {
      const resource = list[index]!;
      const count = this.findings.length;
      this.perResource(check, resource, '', () => run(resource));
      findings[index] = count === this.findings.length ? noFindings : this.findings.slice(count);
    }
    for (let index = end; index < list.length; index++) keep(index, index - end + before.length - tail);
    // A copy: the caller's list may be changed in place later.
    sweeps.set(check, { list: list.slice(), findings });
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

  /**
   * As `replayReports`, with a text key that holds in any process, worked out from what the
   * check kept the last time (`keyOf(kept)`: the names it looked up, as identities of what they
   * name now). On a replay, what was kept is given back without running the check: a check
   * whose dependencies take work to find (a flow's instance references) finds them once per
   * change of its resource, not once per run. Kept in `.weft/cache/` with the resource's file.
   */
  replayKept<T>(rule: string, resource: AnyResource, keyOf: string | ((kept: T) => string), run: () => T): T {
    if (!this.memo) return run();
    const check = this.environment === undefined ? rule : this.scoped(rule);
    let byCheck = this.memo.get(resource);
    const hit = byCheck?.get(check);
    if (hit !== undefined && hit.calls !== undefined && hit.kept !== undefined && (typeof keyOf === 'string' ? keyOf : keyOf(hit.kept as T)) === hit.key) {
      const calls = hit.calls;
      for (let index = 0; index < calls.length; index++) {
        const [pointer, code, message, options] = calls[index]!;
        this.report(resource, pointer, code, message, options);
      }
      return hit.kept as T;
    }
    let kept: T | undefined;
    const calls = this.recordReports(() => (kept = run()));
    // Asked again: a check run inside may have made the resource's entries meanwhile.
    byCheck = this.memo.get(resource);
    if (!byCheck) this.memo.set(resource, (byCheck = new Map()));
    byCheck.set(check, { key: typeof keyOf === 'string' ? keyOf : keyOf(kept!), findings: [], calls, kept });
    return kept!;
  }

  /**
   * A fact of one resource that depends on it alone and says nothing (`compute` reports
   * nothing): worked out once per resource, kept with it (also in .weft/cache/), so a resource
   * read from the cache is not unpacked for it, and a watch cycle finds it at once. `compute`
   * is best a function of the module, not a closure made per call: rules ask for every resource
   * every cycle.
   */
  keptOf<R extends AnyResource, T>(rule: string, resource: R, compute: (resource: R) => T): T {
    if (!this.memo) return compute(resource);
    let byCheck = this.memo.get(resource);
    const hit = byCheck?.get(rule);
    if (hit !== undefined && hit.kept !== undefined) return hit.kept as T;
    const kept = compute(resource);
    if (!byCheck) this.memo.set(resource, (byCheck = new Map()));
    byCheck.set(rule, { key: '', findings: [], kept });
    return kept;
  }

  /** A rule's name in this environment's memo entries, made once per rule. */
  private scoped(rule: string): string {
    let name = this.scopedNames.get(rule);
    if (name === undefined) this.scopedNames.set(rule, (name = `${rule}@${this.environment}`));
    return name;
  }

  private readonly scopedNames = new Map<string, string>();

  /** Notes on grouped findings how many more places share the problem. */
  finish(): void {
    for (const { finding, count } of this.groups.values()) {
      if (count > 0) finding.message += ` (and ${count} more place${count === 1 ? '' : 's'})`;
    }
  }
}

/** A set of names rules fill for later rules: each addition recorded for the rule that makes it. */
class RecordedSet extends Set<string> {
  /** What was added while a rule is recorded. */
  log: string[] | undefined;
  override add(value: string): this {
    this.log?.push(value);
    return super.add(value);
  }
}

/** Likewise, connectors by instance name. */
class RecordedMap extends Map<string, Resource<'Connector'>> {
  /** What was set while a rule is recorded. */
  log: [instance: string, connector: Resource<'Connector'>][] | undefined;
  override set(key: string, value: Resource<'Connector'>): this {
    this.log?.push([key, value]);
    return super.set(key, value);
  }
}

function intersects<T>(some: ReadonlySet<T>, others: ReadonlySet<T>): boolean {
  for (const item of some) if (others.has(item)) return true;
  return false;
}

/**
 * How many items two lists share at their start, and then at their end (the same objects in the
 * same places), never counting one twice: what differs lies between. A comparison per item.
 */
export function sharedEnds(before: readonly unknown[], now: readonly unknown[]): { start: number; tail: number } {
  const most = Math.min(before.length, now.length);
  let start = 0;
  while (start < most && before[start] === now[start]) start++;
  let tail = 0;
  while (tail < most - start && before[before.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  return { start, tail };
}

/** What rules carry between runs, by the memo of those runs. */
const carriedByMemo = new WeakMap<RuleMemo, Map<string, unknown>>();

/** What each `sweep` check swept last over a memo: the list, and each resource's findings in it. */
const sweepsByMemo = new WeakMap<RuleMemo, Map<string, { list: readonly AnyResource[]; findings: (readonly Finding[])[] }>>();
const noFindings: readonly Finding[] = [];

function sameObjects(kept: string | readonly unknown[], key: readonly unknown[]): boolean {
  if (typeof kept === 'string' || kept.length !== key.length) return false;
  for (let index = 0; index < key.length; index++) if (kept[index] !== key[index]) return false;
  return true;
}
