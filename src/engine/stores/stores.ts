import type { Bundle } from '../../compile/compile-bundle.js';
import type { EngineState, Plan } from '../../plan/plan.js';
import type { FailedCall } from '../../runtime/http-call.js';

/**
 * The engine's stores, as interfaces: what the runtime and the run service depend on. The
 * SQLite implementations (sqlite/) share one database file; a PostgreSQL one can stand beside
 * them. Durability modes, busy errors and lock files stay inside an implementation: callers see
 * only these methods and the engine's errors (StaleStateError, EngineBusyError).
 */
export interface Stores {
  state: StateStore;
  secrets: SecretStore;
  runs: RunStore;
  ledger: MessageLedger;
  flowState: FlowStateStore;
  deliveries: WebhookDeliveryStore;
  flowData: FlowDataStore;
  operations: OperationsStore;
  close(): Promise<void>;
}

/** One recorded apply. */
export interface Revision {
  number: number;
  createdAt: string;
  user: string;
  bundleSha256: string;
  summary: Plan['summary'];
  /** The git working tree the applied bundle was compiled from, when it was in one. */
  source?: RevisionSource;
}

/** Where an applied bundle came from: the commit checked out, its branch, whether files differed, and the commit's author. */
export interface RevisionSource {
  commit: string;
  /** null when HEAD is detached (a CI checkout of a pull request, a tag). */
  branch: string | null;
  /** Whether the project's folder had changes not committed (the bundle is not the commit's). */
  dirty: boolean;
  /** The commit's author: `Name <email>`. */
  author: string;
}

/** Desired state: the deployed resources and the revisions that put them there. */
export interface StateStore {
  read(): Promise<EngineState>;
  /** The current revision number (0 before the first apply). */
  revision(): Promise<number>;
  /**
   * Applies a plan in one transaction if the state is still at the plan's revision (checked
   * while holding the apply lock), recording a revision. Waits for another apply up to
   * `lockTimeoutMs`; throws StaleStateError or EngineBusyError.
   */
  apply(plan: Plan, bundle: Bundle, user: string, options: { lockTimeoutMs: number; source?: RevisionSource }): Promise<Revision>;
  revisions(): Promise<Revision[]>;
  revisionBundle(number: number): Promise<Bundle | undefined>;
}

/** Secrets, encrypted at rest; values leave only through `read`, for runs. */
export interface SecretStore {
  set(path: string, value: string): Promise<void>;
  remove(path: string): Promise<boolean>;
  paths(): Promise<string[]>;
  read(path: string): Promise<string | undefined>;
  /** Changes whenever a secret is stored or removed (by any process): values cached before are stale then. */
  version(): Promise<string>;
}

/**
 * How a run stands. `queued`: accepted by a cluster's API process, waiting for a worker;
 * `interrupted`: its process went away mid-run (it can be resumed); `dead`: its process went away
 * on every attempt it was given (a run that crashes whoever runs it), and it is not tried again.
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'dead';

/** The statuses of a run that has not ended. */
export const unfinishedStatuses: readonly RunStatus[] = ['queued', 'running', 'interrupted'];

export interface StepStats {
  /** The step's path: its id, or the ids from the outermost step down, joined by '/'. */
  id: string;
  kind: string;
  in: number;
  out: number;
  failed: number;
}

/** A record that failed a step: kept, with its error, to look at and to retry. */
export interface RecordFailure {
  /** The step's path. */
  step: string;
  /** Its position among the records the step received (0-based, across pages). */
  index: number;
  error: string;
  record: unknown;
  /** The HTTP call that failed, when one did: request and answer, redacted. */
  call?: FailedCall;
}

/**
 * What a run is given instead of (or before) its flow's first step: records that start at a
 * step. A webhook's body is one pass of one record; a retry has a pass per step that failed.
 */
export interface RunPass {
  /** The step path the records start at; the first step when absent. */
  startAt?: string;
  records: unknown[];
  /** For a retry: each record's index in the run it failed in (its idempotency key derives from that run). */
  keys?: { source: string; indices: number[] };
}

/** How far a run got, committed as records are delivered: a resumed run starts from here. */
export interface RunProgress {
  /** The pass being worked on (0 for a run that receives). */
  pass: number;
  /** Records of that pass (or of the receive) that went through every step. */
  consumed: number;
  steps: StepStats[];
}

/** A run as the engine records it. */
export interface RunRecord {
  id: string;
  flow: string;
  /** The applied revision it ran, or none for a run of the working tree (weft run). */
  revision: number | null;
  bundleSha256: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  /** '' while the run is under way. */
  finishedAt: string;
  steps: StepStats[];
  error?: string;
  failures?: RecordFailure[];
  /** The watermark the run's receive started from (`{{run.lastSuccessAt}}`). */
  since?: string;
  /** The run whose failed records this one re-sends. */
  retryOf?: string;
  /** The run whose `run:` step started this one (a child flow's run). */
  parent?: string;
  /** What its idempotency keys derive from, when not its id (a child run). */
  keySource?: string;
  /** How many times a process took it up (more than one: it was resumed after its process went away). */
  attempts?: number;
}

/** A run as accepted: recorded before any work, with what it needs to be resumed after a crash. */
export interface AcceptedRun {
  id: string;
  flow: string;
  revision: number | null;
  bundleSha256: string;
  trigger: string;
  startedAt: string;
  since?: string;
  retryOf?: string;
  passes?: RunPass[];
  parent?: string;
  /** What idempotency keys derive from, when not the run's id (a child run: its parent's records). */
  keySource?: string;
}

/** A run that was under way when its engine stopped, with what it needs to go on. */
export interface UnfinishedRun {
  run: RunRecord;
  passes?: RunPass[];
  progress?: RunProgress;
  keySource?: string;
  /** How many failed records are on record already. */
  failuresRecorded: number;
}

/** Runs and their failed records. */
export interface RunStore {
  /**
   * Records a run before it starts (durably: a webhook answers 202 only after this), as this
   * process's running run; `queued`, as a run no process holds yet (a worker claims it). A run
   * of an id recorded already is refused (DuplicateRunError).
   */
  accept(run: AcceptedRun, options?: { queued?: boolean }): Promise<void>;
  /**
   * Commits progress and the failed records found since the last checkpoint. A store shared by
   * processes refuses it (RunTakenOverError) when another process holds the run now; so does `finish`.
   */
  checkpoint(id: string, progress: RunProgress, failures: readonly RecordFailure[]): Promise<void>;
  /**
   * Records the end of an accepted run with the failed records not yet checkpointed. With a
   * `watermark`, moves the flow's watermark to it in the same transaction.
   */
  finish(run: RunRecord, failures: readonly RecordFailure[], watermark?: string): Promise<void>;
  /** Records a whole run at once (a failed event message run; a run never accepted). */
  record(run: RunRecord): Promise<void>;
  /** Recent runs, newest first (of one flow, if given); without their failed records. */
  list(flow?: string, limit?: number): Promise<RunRecord[]>;
  /**
   * Runs matching a query, newest first, a page at a time (`before`: the last run of the page
   * before); without their failed records. Fast on a large history: each filter has an index.
   */
  search(query: RunQuery): Promise<RunRecord[]>;
  /** Runs started since `from`, counted per flow, UTC day and status, with the records their last step put out. */
  daily(from: string): Promise<DailyRuns[]>;
  /** One run with its failed records. */
  get(id: string): Promise<RunRecord | undefined>;
  /**
   * Runs still `running` whose owner is gone (its process ended or crashed) become
   * `interrupted`; returns every interrupted run, oldest first.
   */
  interrupted(): Promise<UnfinishedRun[]>;
  /** Only marks the runs whose owner is gone as `interrupted` (what a listing needs; nothing is loaded). */
  markInterrupted(): Promise<void>;
  /** The child run a parent run's step started for records keyed by `keySource`, if there is one. */
  child(parent: string, keySource: string): Promise<RunRecord | undefined>;
  /**
   * Takes a queued or interrupted run over for this process, counting the attempt (undefined when
   * another took it first, or it is neither).
   */
  claim(id: string): Promise<UnfinishedRun | undefined>;
  /** Ends a run that will not be tried again (`dead`), saying why. */
  bury(id: string, error: string, finishedAt: string): Promise<void>;
  /** Runs waiting to be taken up: interrupted, and queued (accepted before `queuedBefore`), oldest first, at most `limit`; no failed records loaded. */
  pending(queuedBefore: string, limit: number): Promise<RunRecord[]>;
}

/** How a run was started, as the runs list filters it: by the start of its trigger's text. */
export const triggerKinds = ['webhook', 'schedule', 'manual', 'retry', 'event', 'run'] as const;
export type TriggerKind = (typeof triggerKinds)[number];

/** What the runs list asks for: every given filter holds. Times are ISO 8601 (`to` excluded). */
export interface RunQuery {
  flow?: string;
  status?: RunStatus;
  trigger?: TriggerKind;
  from?: string;
  to?: string;
  before?: { startedAt: string; id: string };
  limit: number;
}

/** One flow's runs of one UTC day (YYYY-MM-DD) that ended in one status. */
export interface DailyRuns {
  flow: string;
  day: string;
  status: RunStatus;
  runs: number;
  records: number;
}

/** A flow's triggers paused by an operator (schedules skip, webhooks answer 503), with who did it and when. */
export interface PausedFlow {
  flow: string;
  by: string;
  at: string;
}

/** What an operator did through the engine (pause, resume, retry, run), kept in the audit log. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: 'pause' | 'resume' | 'retry' | 'run';
  flow: string;
  /** The run it was about or started, when there is one. */
  run?: string;
}

/**
 * Operational switches beside the YAML (which stays the source of truth for everything else):
 * flows whose triggers are paused, and the audit log of what operators did.
 */
export interface OperationsStore {
  paused(): Promise<PausedFlow[]>;
  /** Pauses or resumes a flow's triggers, audited in the same transaction; false when it was so already (nothing recorded). */
  setPaused(flow: string, paused: boolean, actor: string, at: string): Promise<boolean>;
  audit(entry: AuditEntry): Promise<void>;
  /** The newest entries first (of one flow, if given). */
  auditLog(limit: number, flow?: string): Promise<AuditEntry[]>;
  /**
   * Records a dashboard session (by the hash of its id: the store never holds a usable id),
   * ending the oldest of its role beyond `max` and those idle since before `idleBefore`.
   */
  createSession(session: StoredSession, max: number, idleBefore: number): Promise<void>;
  session(idHash: string): Promise<StoredSession | undefined>;
  /** Notes a session's use at `lastSeen` (epoch ms). */
  touchSession(idHash: string, lastSeen: number): Promise<void>;
  endSession(idHash: string): Promise<void>;
}

/** A dashboard session as stored: shared by every engine process on the store (a cluster's API processes). */
export interface StoredSession {
  idHash: string;
  role: 'admin' | 'read';
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeen: number;
}

/** One successful message run, committed with the receipt that stops a redelivery from running again. */
export interface MessageCommit {
  messageId: string;
  run: RunRecord;
  /** A redelivery: it may have failed runs counted. */
  retried?: boolean;
}

/** What the event consumers remember per message: committed runs and failed attempts. */
export interface MessageLedger {
  committed(flow: string, messageId: string): Promise<boolean>;
  /** Commits message runs in one transaction; only then are the messages acknowledged. */
  commit(entries: readonly MessageCommit[]): Promise<void>;
  /** Records a failed run of a message and counts it; the message's failed runs so far. */
  recordFailure(messageId: string, run: RunRecord): Promise<number>;
  /** Forgets a message's failed runs (it was dead-lettered: a replay of it starts again). */
  clearAttempts(flow: string, messageId: string): Promise<void>;
}

/** Per flow: the watermark its next receive starts from (`{{run.lastSuccessAt}}`). */
export interface FlowStateStore {
  watermark(flow: string): Promise<string | undefined>;
}

/**
 * The webhook deliveries seen lately, by the sender's delivery id: a replay of one within its
 * window is answered with the run it started, and starts none.
 */
export interface WebhookDeliveryStore {
  /**
   * Claims a delivery for a run about to be accepted, until `until` (durably), in one statement:
   * of two processes claiming one delivery at once, exactly one gets undefined (it accepts the
   * run); the other gets the live claim, with when it was made. Forgets deliveries expired by `now`.
   */
  claim(path: string, deliveryId: string, run: string, now: Date, until: Date): Promise<DeliveryClaim | undefined>;
  /** Moves a claim from a run that was never accepted (its process died) to `run`: true when this call moved it. */
  takeOver(path: string, deliveryId: string, from: string, run: string, now: Date, until: Date): Promise<boolean>;
  /** Forgets a claim whose run was refused (a later delivery of it is new). */
  forget(path: string, deliveryId: string, run: string): Promise<void>;
}

/** A delivery's claim: the run it is for and when it was made. */
export interface DeliveryClaim {
  run: string;
  claimedAt: Date;
}

/**
 * What flows keep between runs: the keys their dedupe steps have seen and their cache
 * entries, each until it expires. Kept in the engine's store: they survive restarts.
 */
export interface FlowDataStore {
  /**
   * For each key of a dedupe pool, whether it was seen within its window by another claim (a
   * claim is a record: a run handling its records again after a crash makes the same claims).
   * With `track`, the keys not seen are recorded for their claims until `expiresAt`, in the same
   * transaction as the look: of two runs asking for one key at once, exactly one sees it new.
   */
  dedupe(pool: string, keys: readonly { key: string; claim: string }[], options: { now: Date; expiresAt: Date; track: boolean }): Promise<boolean[]>;
  /** Forgets keys recorded for these claims (their records failed: a later run tries them again). */
  release(pool: string, keys: readonly { key: string; claim: string }[]): Promise<void>;
  /** Cache entries (JSON text) by key; undefined where there is none, or it expired by `now`. */
  cacheGet(namespace: string, keys: readonly string[], now: Date): Promise<(string | undefined)[]>;
  /**
   * Stores entries (JSON text) until `expiresAt`, replacing entries of the same keys; throws
   * CacheFullError, storing none, when the namespace would hold more than `maxEntries` live ones.
   */
  cachePut(namespace: string, entries: readonly { key: string; value: string }[], options: { now: Date; expiresAt: Date; maxEntries: number }): Promise<void>;
}

/** A run of this id is recorded already (a schedule's tick another process accepted first). */
export class DuplicateRunError extends Error {}

/**
 * Another process holds this run now: this process kept it past its lease (stalled, cut off
 * from the database) and the run was resumed elsewhere. What this process would still write of
 * it is refused; it stops the run.
 */
export class RunTakenOverError extends Error {}

/** A cache that would hold more entries than it may. */
export class CacheFullError extends Error {}
