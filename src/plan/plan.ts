import type { BundleResource } from '../compile/compile-bundle.js';

/**
 * Plan format version, for machine readers of `--format json` and saved plans. 2: a flow's steps
 * are compared by their ids (`spec.steps[push].send.endpoint`, step moves); 1 showed the whole list.
 */
export const planFormatVersion = '2';

/** A resource as an engine runs it: what plan compares the bundle against. */
export type DeployedResource = Pick<BundleResource, 'kind' | 'name' | 'metadata' | 'spec' | 'sha256'>;

/** What an engine reports of its state. */
export interface EngineState {
  /** Increases with every apply; a saved plan applies only to the revision it was made from. */
  revision: number;
  resources: DeployedResource[];
}

/**
 * One difference in a resource, by its path: dotted keys ('spec.http.timeoutMs'), and a flow's
 * steps by their ids ('spec.steps[push].send.endpoint'). Placeholders stay placeholders.
 */
export type FieldChange = ValueChange | StepMove;

/** A value added (only `after`), removed (only `before`) or changed (both). */
export interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * A step whose place among the flow's other steps changed ('spec.steps[push]'): `from` and `to`
 * are its 0-based indices in the old and the new list. Its field changes, if any, are separate.
 */
export interface StepMove {
  path: string;
  moved: { from: number; to: number };
}

interface ActionBase {
  /** 'connector.shopify', 'instance.shopify-uk', 'flow.orders-to-netsuite'. */
  address: string;
  kind: BundleResource['kind'];
  name: string;
}

export type PlanAction =
  | (ActionBase & { action: 'create'; after: DeployedResource })
  | (ActionBase & {
      action: 'update';
      /** The name it was deployed under, when `metadata.previousNames` makes this a rename. */
      previousName?: string;
      changes: FieldChange[];
      /** Why a resource whose own fields are unchanged is updated ("through connector shopify 1.4.0 → 1.5.0"). */
      reasons: string[];
      /** Instances and flows that a change reaches: a connector's instances and their flows, the flows using an instance or lookup table, the flows that run a flow (run:). */
      reaches: string[];
      after: DeployedResource;
    })
  | (ActionBase & { action: 'delete'; before: DeployedResource });

/** A plan: plain data, sorted by address; renderers are separate. */
export interface Plan {
  formatVersion: typeof planFormatVersion;
  /** The engine state revision the plan was made against. */
  stateRevision: number;
  bundleSha256: string;
  actions: PlanAction[];
  summary: { add: number; change: number; destroy: number };
}

/** Terraform's symbols: + create, ~ update (a rename too), - delete. */
export const actionSymbols = { create: '+', update: '~', delete: '-' } as const;
