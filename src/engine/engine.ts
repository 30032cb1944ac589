import type { Bundle } from '../compile/compile-bundle.js';
import type { Placeholder } from '../lex/placeholders.js';

/** What identifies a placeholder to an engine: no position, no source text. */
export type PlaceholderRef = Pick<Placeholder, 'source' | 'name' | 'default'>;
import type { EngineState, Plan } from '../plan/plan.js';
import type { PausedFlow, Revision, RevisionSource, RunRecord } from './stores/stores.js';

export type { Revision, RevisionSource, RunRecord };

/** A run asked of an engine by the CLI: a flow of the given bundle (the working tree), run to its end. */
export interface RunRequest {
  flow: string;
  bundle: Bundle;
  trigger: string;
  /** Records to run instead of the flow's receive (weft run --input). */
  records?: unknown[];
}

export interface ApplyOptions {
  /** How long to wait for another apply to finish; 0 (the default) fails at once. */
  lockTimeoutMs?: number;
  /** The git working tree the bundle was compiled from, recorded with the revision. */
  source?: RevisionSource;
}

/** The embedded engine answers at once; a remote one over HTTP. Callers await either. */
type Answer<T> = T | Promise<T>;

/**
 * What the CLI needs of an engine: its state, whether placeholders resolve there, an atomic
 * apply against an expected revision, its history and its secret store. The embedded local
 * engine implements it over SQLite; the HTTP engine talks to `weft engine start`.
 */
export interface Engine {
  /** For messages: 'the local engine' or 'the engine at http://…'. */
  readonly description: string;
  readState(): Answer<EngineState>;
  /** Whether each placeholder resolves in the engine (its environment, its secret store); never a value. */
  resolves(placeholders: readonly PlaceholderRef[]): Answer<boolean[]>;
  /**
   * Applies a plan in one transaction, all or nothing, if the state is still at the plan's
   * revision; records a revision. A plan without actions writes nothing and returns undefined.
   * Throws StaleStateError or EngineBusyError.
   */
  apply(plan: Plan, bundle: Bundle, user: string, options?: ApplyOptions): Answer<Revision | undefined>;
  revisions(): Answer<Revision[]>;
  /** The bundle a past revision applied, to roll back to it. */
  revisionBundle(number: number): Answer<Bundle | undefined>;
  setSecret(path: string, value: string): Answer<void>;
  /** The paths of the stored secrets, never their values. */
  secretPaths(): Answer<string[]>;
  removeSecret(path: string): Answer<boolean>;
  /** Runs a flow of a bundle to its end on this engine, recorded like any run. */
  runFlow(request: RunRequest): Promise<RunRecord>;
  /** Re-sends a run's failed records, each from the step it failed at, with the given bundle: a new run. */
  retryRun(id: string, bundle: Bundle): Promise<RunRecord>;
  /** Goes on with an interrupted run from what it had committed. */
  resumeRun(id: string, bundle?: Bundle): Promise<RunRecord>;
  /** Recent runs, newest first (of one flow, if given). */
  runs(flow?: string): Answer<RunRecord[]>;
  /** One run with its failed records. */
  run(id: string): Answer<RunRecord | undefined>;
  /** Flows whose triggers an operator paused (from the dashboard), with who and when. */
  paused(): Answer<PausedFlow[]>;
  close(): Answer<void>;
}

/**
 * Whether a value is a revision's source as weft records it: a full commit id in hex, a branch
 * (or null) and an author without control characters and within bounds, a dirty flag. What an
 * apply says of itself is shown by `weft revisions` and read by `weft status` (a terminal, a CI
 * log, git's arguments), so anything else is refused.
 */
export function isRevisionSource(value: unknown): value is RevisionSource {
  const source = value as Partial<Record<keyof RevisionSource, unknown>> | null;
  const plain = (text: unknown, max: number) => typeof text === 'string' && text.length > 0 && text.length <= max && !/[\u0000-\u001f\u007f-\u009f]/.test(text);
  return (
    source !== null &&
    typeof source === 'object' &&
    typeof source.commit === 'string' &&
    /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(source.commit) &&
    (source.branch === null || plain(source.branch, 255)) &&
    typeof source.dirty === 'boolean' &&
    plain(source.author, 300)
  );
}

/** An operation the engine refused or could not do; the CLI reports it and exits 1. */
export class EngineError extends Error {}

/** The engine's state moved on since the plan was made: re-plan. */
export class StaleStateError extends EngineError {
  constructor(readonly expected: number, readonly actual: number) {
    super(`the engine's state is at revision ${actual}, but the plan was made against revision ${expected}; run weft plan again`);
  }
}

/** Another apply holds the engine's lock. */
export class EngineBusyError extends EngineError {
  constructor(readonly holder: string | undefined) {
    super(`another apply holds the engine's lock${holder ? ` (${holder})` : ''}; try again, or wait with --lock-timeout`);
  }
}

/**
 * The local engine's state files cannot be used as they are (not writable, not a weft database,
 * damaged, or encrypted under another key): the message names the file and what to do, and
 * nothing has been written to it.
 */
export class StateFileError extends EngineError {}

/** The engine cannot be reached or answered with an error that is not the user's to fix here. */
export class EngineUnavailableError extends EngineError {}

/** Why an apply that destroys more than half of what is deployed is refused, unless allowed. */
export function massDeleteRefusal(plan: Plan, deployed: number): string | undefined {
  const { destroy } = plan.summary;
  return destroy > 0 && destroy * 2 > deployed
    ? `this would destroy ${destroy} of the ${deployed} deployed resources; re-run with --allow-mass-delete if that is intended`
    : undefined;
}
