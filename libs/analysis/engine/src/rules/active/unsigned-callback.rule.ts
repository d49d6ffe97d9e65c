import { toEvidence } from '../../http/evidence.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { describe, isSecured, isSuccess, operationLocation } from './probe-helpers.js';

export const UNSIGNED_CALLBACK: RuleMeta = {
  id: 'http.integrations.unsigned-callback',
  title: 'Inbound callback accepts unsigned third-party data',
  category: 'API10:2023',
  cweId: 'CWE-345',
  severity: 'high',
  description:
    'An endpoint that receives events from another system (webhook, callback, IPN) accepted a made-up event without any signature or credential: anyone can feed it data the API then trusts.',
  recommendation:
    'Verify a signature (HMAC over the raw body with a shared secret, plus a timestamp against replay) or mutual TLS on every inbound callback, and validate the payload against its schema before using it.',
};

const INBOUND = /callback|webhook|hooks?\b|notif(y|ication)|ipn|inbound|incoming|events?\b/i;
/** Outbound webhook management (`POST /webhooks/test`, subscriptions) is not an inbound callback. */
const OUTBOUND = /\b(test|ping|subscriptions?|endpoints?|deliveries|config)\b/i;

/**
 * deepScan only: posts the schema's sample event, without credentials or signature, to each
 * write operation that looks like an inbound callback. Operations whose spec requires credentials
 * are left to the unauthenticated-access check.
 */
export const unsignedCallbackRule: ActiveRuleFamily = {
  name: 'inbound callbacks',
  rules: [UNSIGNED_CALLBACK],
  async run(ctx) {
    if (!ctx.deepScan) return [];
    const drafts: FindingDraft[] = [];
    const targets = ctx.operations.filter((op) => {
      const label = `${op.path} ${String(op.value['operationId'] ?? '')}`;
      return ['POST', 'PUT'].includes(op.method) && INBOUND.test(label) && !OUTBOUND.test(op.path) && !isSecured(op);
    });
    for (const operation of targets) {
      const exchange = await ctx.session.send(ctx.request(operation), 'anonymous');
      if (!isSuccess(exchange)) continue;
      drafts.push({
        ruleId: UNSIGNED_CALLBACK.id,
        title: `${UNSIGNED_CALLBACK.title}: ${describe(operation)}`,
        detail: `A sample event without signature or credentials got ${exchange.response.status}.`,
        location: operationLocation(exchange, operation),
        evidence: toEvidence(exchange, ['content-type']),
      });
    }
    return drafts;
  },
};
