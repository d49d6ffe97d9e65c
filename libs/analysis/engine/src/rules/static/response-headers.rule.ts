import { childPointer } from '../../spec/pointer.js';
import { isObject, type SpecNode } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { nameList, responsesPlace } from './operation-summary.js';
import { describeOperation, groupLocation, type SpecPlace, type StaticRuleFamily } from './static-rule.types.js';

export const CORS_ORIGIN_UNDECLARED: RuleMeta = {
  id: 'spec.cors.origin-undeclared',
  title: 'Spec does not document its CORS policy',
  category: 'API8:2023',
  cweId: 'CWE-1059',
  severity: 'info',
  description:
    'No response declares Access-Control-Allow-Origin, so the spec does not say which web origins may call the API; an undocumented policy is usually an unreviewed one (the live CORS checks test the real one).',
  recommendation:
    'Decide which origins may call the API from a browser, send Access-Control-Allow-Origin accordingly (never a reflected origin with credentials) and declare the header on the responses.',
};

export const RETRY_AFTER_UNDECLARED: RuleMeta = {
  id: 'spec.rate-limit.retry-after-undeclared',
  title: '429 responses do not declare Retry-After',
  category: 'API4:2023',
  cweId: 'CWE-770',
  severity: 'info',
  description:
    'A 429 without Retry-After tells clients to slow down but not for how long, so well-meaning clients retry at once and add to the load the limit was protecting against.',
  recommendation: 'Send Retry-After (seconds or a date) with every 429 and declare the header on the 429 responses.',
};

interface DeclaredResponse {
  response: SpecNode;
  /** Every status it answers for: a shared response may be used as 503 here and 429 there. */
  statuses: Set<string>;
  /** Set when the response is written inline in one operation (not shared from components). */
  method?: string;
  /** `GET /users 429`, or the pointer of a shared response. */
  where: string;
}

const ALLOW_ORIGIN = 'access-control-allow-origin';
const RETRY_AFTER = 'retry-after';

/** Response headers the spec declares; names compared case-insensitively, as HTTP does. */
export const responseHeadersRule: StaticRuleFamily = {
  name: 'response headers',
  rules: [CORS_ORIGIN_UNDECLARED, RETRY_AFTER_UNDECLARED],
  run(spec) {
    const drafts: FindingDraft[] = [];
    // Shared responses (components/responses) are judged once, where they are defined.
    const responses = new Map<string, DeclaredResponse>();
    for (const operation of spec.operations) {
      for (const [status, response] of operation.responses) {
        const known = responses.get(response.pointer);
        if (known) {
          known.statuses.add(status);
          continue;
        }
        const inline = response.pointer.startsWith(`${operation.pointer}/`);
        responses.set(response.pointer, {
          response,
          statuses: new Set([status]),
          ...(inline ? { method: operation.method } : {}),
          where: inline ? `${describeOperation(operation)} ${status}` : response.pointer,
        });
      }
    }

    const all = [...responses.values()];
    if (spec.operations.length > 0 && !all.some(({ response }) => declaresHeader(response, ALLOW_ORIGIN))) {
      // Point at the headers the spec does declare (where the missing one belongs), else at each operation's responses.
      const withHeaders = all.filter(({ response }) => isObject(response.value['headers']));
      const places: SpecPlace[] =
        withHeaders.length > 0
          ? withHeaders.map(({ response, method }) => ({
              pointer: childPointer(response.pointer, 'headers'),
              ...(method ? { method } : {}),
            }))
          : spec.operations.map(responsesPlace);
      drafts.push({
        ruleId: CORS_ORIGIN_UNDECLARED.id,
        detail: `None of the ${all.length} response(s) of the ${spec.operations.length} operation(s) declares it.`,
        location: groupLocation(spec, places),
      });
    }

    const bare429 = all.filter(
      ({ statuses, response }) => statuses.has('429') && !declaresHeader(response, RETRY_AFTER),
    );
    if (bare429.length > 0) {
      drafts.push({
        ruleId: RETRY_AFTER_UNDECLARED.id,
        detail: `${bare429.length} 429 response(s): ${nameList(bare429.map(({ where }) => where))}.`,
        location: groupLocation(
          spec,
          bare429.map(({ response, method }) => ({ pointer: response.pointer, ...(method ? { method } : {}) })),
        ),
      });
    }
    return drafts;
  },
};

function declaresHeader(response: SpecNode, lowerCaseName: string): boolean {
  const headers = response.value['headers'];
  return isObject(headers) && Object.keys(headers).some((name) => name.trim().toLowerCase() === lowerCaseName);
}
