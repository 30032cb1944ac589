import type { Rule } from './context.js';
import { duplicateName } from './rules/duplicate-name.js';
import { instanceConnector } from './rules/instance-connector.js';
import { instanceAuth } from './rules/instance-auth.js';
import { instanceSettings } from './rules/instance-settings.js';
import { instanceCredentials } from './rules/instance-credentials.js';
import { placeholdersAndSecrets } from './rules/placeholders-and-secrets.js';
import { templateRefs } from './rules/template-refs.js';
import { endpointInputs } from './rules/endpoint-inputs.js';
import { flowReferences } from './rules/flow-references.js';
import { flowTrigger } from './rules/flow-trigger.js';
import { flowExpressions } from './rules/flow-expressions.js';
import { runawayExpressions } from './rules/runaway-expressions.js';
import { flowUniqueness } from './rules/flow-uniqueness.js';
import { stepOrder } from './rules/step-order.js';
import { unsignedWebhook } from './rules/unsigned-webhook.js';
import { egressPolicy } from './rules/egress-policy.js';
import { unused } from './rules/unused.js';
import { lookups } from './rules/lookups.js';
import { childFlows } from './rules/child-flows.js';
import { tests } from './rules/tests.js';
import { variables } from './rules/variables.js';
import { environments } from './rules/environments.js';

/** Every semantic rule, in order: references resolve before the rules that use them, unused last. */
export const rules: readonly Rule[] = [
  duplicateName,
  instanceConnector,
  instanceAuth,
  instanceSettings,
  instanceCredentials,
  placeholdersAndSecrets,
  templateRefs,
  endpointInputs,
  flowReferences,
  flowTrigger,
  flowExpressions,
  runawayExpressions,
  flowUniqueness,
  stepOrder,
  lookups,
  childFlows,
  tests,
  unsignedWebhook,
  egressPolicy,
  variables,
  environments,
  unused,
];
