import type { Rule } from '../context.js';

/** A webhook without hmac lets anyone who finds its path start runs: say so, unless the flow means it. */
export const unsignedWebhook: Rule = {
  codes: ['unsigned-webhook'],
  description: 'Webhooks are signed, or marked public.',
  check(ctx) {
    // What a flow's webhook says depends on the flow alone: replayed while it is unchanged (also from .weft/cache/).
    ctx.sweep('unsigned-webhook', ctx.valid('Flow'), (flow) => {
      const webhook = flow.value.spec.trigger.webhook;
      if (!webhook || webhook.hmac || webhook.public === true) return;
      ctx.report(flow, '/spec/trigger/webhook', 'unsigned-webhook', `webhook '${webhook.path}' of flow '${flow.name}' has no hmac: anyone who can reach the engine can start its runs`, {
        hint: "verify the sender's signature with hmac: { header, secret }, or say the webhook is open to all with public: true",
      });
    });
  },
};
