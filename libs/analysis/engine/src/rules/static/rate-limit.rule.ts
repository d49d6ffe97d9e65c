import type { SpecOperation } from '../../spec/spec-model.js';
import { isObject } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { describeOperation, groupLocation, specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const MISSING_RATE_LIMIT: RuleMeta = {
  id: 'spec.rate-limit.missing-429',
  title: 'No rate limiting declared',
  category: 'API4:2023',
  cweId: 'CWE-770',
  severity: 'low',
  description:
    'The operations declare neither a 429 response nor rate-limit headers, a sign that nothing caps how often a client may call them.',
  recommendation:
    'Rate-limit every operation (per client and per credential), answer 429 with Retry-After, and document both in the spec.',
};

export const SENSITIVE_FLOW_UNLIMITED: RuleMeta = {
  id: 'spec.rate-limit.sensitive-flow',
  title: 'Sensitive business flow without rate limiting',
  category: 'API6:2023',
  cweId: 'CWE-799',
  severity: 'medium',
  description:
    'Flows like sign-up, checkout, password reset or one-time codes are what bots automate (fake accounts, scalping, OTP brute force); this one declares no 429.',
  recommendation:
    'Limit the flow per account, device and IP, add bot friction (CAPTCHA, proof of work) where abuse pays, and declare 429.',
};

export const SENSITIVE_FLOW =
  /sign[-_]?up|register|checkout|purchase|reset[-_]?password|password[-_]?reset|forgot|\botp\b|one[-_]?time|verify[-_]?code|2fa|mfa|redeem|coupon|voucher|transfer/i;
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit|^retry-after$/i;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export const rateLimitRule: StaticRuleFamily = {
  name: 'rate limiting',
  rules: [MISSING_RATE_LIMIT, SENSITIVE_FLOW_UNLIMITED],
  run(spec) {
    const drafts: FindingDraft[] = [];
    const unlimited = spec.operations.filter((operation) => !declaresRateLimit(operation));
    if (unlimited.length > 0) {
      drafts.push({
        ruleId: MISSING_RATE_LIMIT.id,
        detail: `${unlimited.length} of ${spec.operations.length} operation(s) declare no 429 or rate-limit headers.`,
        location: groupLocation(
          spec,
          unlimited.map((op) => ({ pointer: `${op.pointer}/responses`, method: op.method })),
        ),
      });
    }
    for (const operation of spec.operations) {
      if (!WRITE_METHODS.has(operation.method) || operation.responses.has('429')) continue;
      const label = `${operation.path} ${String(operation.value['operationId'] ?? '')}`;
      if (!SENSITIVE_FLOW.test(label)) continue;
      drafts.push({
        ruleId: SENSITIVE_FLOW_UNLIMITED.id,
        title: `${SENSITIVE_FLOW_UNLIMITED.title}: ${describeOperation(operation)}`,
        location: specLocation(spec, operation),
      });
    }
    return drafts;
  },
};

function declaresRateLimit(operation: SpecOperation): boolean {
  if (operation.responses.has('429') || operation.responses.has('4XX')) return true;
  for (const response of operation.responses.values()) {
    const headers = response.value['headers'];
    if (isObject(headers) && Object.keys(headers).some((name) => RATE_LIMIT_HEADER.test(name))) return true;
  }
  return false;
}
