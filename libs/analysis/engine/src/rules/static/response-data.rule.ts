import { walkSchemas } from '../../spec/schema-walker.js';
import { childPointer } from '../../spec/pointer.js';
import { isObject, type SpecNode, type SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { schemaLabel } from './schema-label.js';
import { groupBy, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const SENSITIVE_RESPONSE_FIELD: RuleMeta = {
  id: 'spec.responses.sensitive-field',
  title: 'Response schema exposes secrets',
  category: 'API3:2023',
  cweId: 'CWE-213',
  severity: 'medium',
  description:
    'Responses that carry passwords, hashes, secrets or tokens hand them to every client (and every log) that sees the response.',
  recommendation:
    'Remove these properties from response schemas (mark inputs writeOnly) and map responses through explicit DTOs.',
};

const ALWAYS_SENSITIVE =
  /^(password|passwd|pwd|password[-_]?hash|hashed[-_]?password|secret|client[-_]?secret|api[-_]?secret|private[-_]?key|ssn|mfa[-_]?secret|otp[-_]?secret|totp[-_]?secret|salt)$/i;
/** Tokens are the product of login and refresh endpoints; elsewhere they are a leak. */
const TOKEN_FIELD = /^(token|access[-_]?token|refresh[-_]?token|api[-_]?key|session[-_]?(id|token)|reset[-_]?token)$/i;
const ISSUES_TOKENS = /login|sign[-_]?in|token|oauth|auth|session|refresh|api[-_]?keys?/i;

export const responseDataRule: StaticRuleFamily = {
  name: 'response data',
  rules: [SENSITIVE_RESPONSE_FIELD],
  run(spec) {
    const hits: Array<{ pointer: string; owner: string; name: string }> = [];
    const seen = new Set<string>();
    // Two walks, not one per operation: shared schemas are visited once per group, not once per use.
    const issuesTokens = (op: SpecOperation): boolean =>
      ISSUES_TOKENS.test(`${op.path} ${String(op.value['operationId'] ?? '')}`);
    for (const tokensExpected of [false, true]) {
      const roots = spec.operations.filter((op) => issuesTokens(op) === tokensExpected).flatMap(successSchemas);
      for (const visit of walkSchemas(roots, spec.resolve)) {
        const name = visit.name;
        if (!name || visit.value['writeOnly'] === true || seen.has(visit.pointer)) continue;
        if (ALWAYS_SENSITIVE.test(name) || (!tokensExpected && TOKEN_FIELD.test(name))) {
          seen.add(visit.pointer);
          hits.push({ pointer: visit.pointer, owner: visit.owner, name });
        }
      }
    }
    return [...groupBy(hits, (hit) => hit.owner)].map(([owner, group]): FindingDraft => ({
      ruleId: SENSITIVE_RESPONSE_FIELD.id,
      detail: `In ${schemaLabel(owner)}: ${group.map((hit) => hit.name).join(', ')}.`,
      location: groupLocation(spec, group),
    }));
  },
};

/** Schemas of 2xx/3xx/default responses (OAS 3 content, Swagger 2 `schema`). */
function successSchemas(operation: SpecOperation): SpecNode[] {
  const roots: SpecNode[] = [];
  for (const [code, response] of operation.responses) {
    if (!/^[23]|^default$/i.test(code)) continue;
    if (isObject(response.value['schema'])) {
      roots.push({ value: response.value['schema'], pointer: childPointer(response.pointer, 'schema') });
    }
    const content = response.value['content'];
    if (!isObject(content)) continue;
    for (const [mediaType, media] of Object.entries(content)) {
      if (isObject(media) && isObject(media['schema'])) {
        roots.push({
          value: media['schema'],
          pointer: childPointer(childPointer(childPointer(response.pointer, 'content'), mediaType), 'schema'),
        });
      }
    }
  }
  return roots;
}
