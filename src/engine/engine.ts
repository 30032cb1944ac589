import type { Bundle } from '../compile/compile-bundle.js';
import type { EngineState, Plan } from '../plan/plan.js';

/** One recorded apply. */
export interface Revision {
  number: number;
  createdAt: string;
  user: string;
  bundleSha256: string;
  summary: Plan['summary'];
}

/**
 * What plan and apply need of an engine: its state, an atomic apply against an expected
 * revision, and its history. The embedded local engine implements it over SQLite.
 */
export interface Engine {
  readState(): EngineState;
  /**
   * Applies a plan in one transaction, all or nothing, if the state is still at the plan's
   * revision; records a revision. A plan without actions writes nothing and returns undefined.
   */
  apply(plan: Plan, bundle: Bundle, user: string): Revision | undefined;
  revisions(): Revision[];
  close(): void;
}

/** The engine's state moved on since the plan was made: re-plan. */
export class StaleStateError extends Error {
  constructor(readonly expected: number, readonly actual: number) {
    super(`the engine's state is at revision ${actual}, but the plan was made against revision ${expected}; run weft plan again`);
  }
}
