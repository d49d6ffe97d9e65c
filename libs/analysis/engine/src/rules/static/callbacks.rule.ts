import { childPointer } from '../../spec/pointer.js';
import { isObject } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { describeOperation, specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const CALLBACKS_DECLARED: RuleMeta = {
  id: 'spec.callbacks.declared',
  title: 'API calls out to or accepts data from other systems',
  category: 'API10:2023',
  cweId: 'CWE-20',
  severity: 'low',
  description:
    'Callbacks and webhooks move data between this API and third parties; treating that data as trusted, or calling caller-chosen URLs, is how integrations get abused.',
  recommendation:
    'Validate and size-limit every payload received from or returned by third parties, sign and verify webhook deliveries, and restrict callback targets.',
};

export const callbacksRule: StaticRuleFamily = {
  name: 'callbacks and webhooks',
  rules: [CALLBACKS_DECLARED],
  run(spec) {
    const drafts: FindingDraft[] = [];
    for (const operation of spec.operations) {
      const callbacks = operation.value['callbacks'];
      if (!isObject(callbacks) || Object.keys(callbacks).length === 0) continue;
      drafts.push({
        ruleId: CALLBACKS_DECLARED.id,
        detail: `${describeOperation(operation)} declares callbacks: ${Object.keys(callbacks).join(', ')}.`,
        location: specLocation(spec, {
          pointer: childPointer(operation.pointer, 'callbacks'),
          method: operation.method,
        }),
      });
    }
    const webhooks = spec.raw['webhooks'];
    if (isObject(webhooks) && Object.keys(webhooks).length > 0) {
      drafts.push({
        ruleId: CALLBACKS_DECLARED.id,
        detail: `The API sends webhooks: ${Object.keys(webhooks).join(', ')}.`,
        location: specLocation(spec, { pointer: '/webhooks' }),
      });
    }
    return drafts;
  },
};
