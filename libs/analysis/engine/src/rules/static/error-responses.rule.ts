import { isObject, type SpecNode, type SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { nameList, responsesPlace } from './operation-summary.js';
import { describeOperation, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const VALIDATION_ERRORS_UNDOCUMENTED: RuleMeta = {
  id: 'spec.errors.validation-undocumented',
  title: 'Operations do not document validation errors',
  category: 'API8:2023',
  cweId: 'CWE-20',
  severity: 'low',
  description:
    'Operations that take input but declare no 400, 422, 4XX or default response leave invalid input without a contract, so nobody tests what the API answers to it (often a framework error page).',
  recommendation:
    'Declare a 400 (or 422) response with an error schema on every operation that takes input, and validate requests against the spec.',
};

export const SERVER_ERRORS_UNDOCUMENTED: RuleMeta = {
  id: 'spec.errors.server-error-undocumented',
  title: 'Operations do not document server errors',
  category: 'API8:2023',
  cweId: 'CWE-209',
  severity: 'low',
  description:
    'Without a 500, 5XX or default response with a body schema, contract tests cannot check that a failure answers with a plain error instead of a stack trace or database message.',
  recommendation:
    'Declare a 500 (or 5XX/default) response with a generic error schema (problem+json) and map unexpected errors to it.',
};

const VALIDATION_CODES = ['400', '422', '4XX', '4xx', 'default'];
const SERVER_ERROR_CODES = ['500', '5XX', '5xx', 'default'];

/** One finding per rule and spec, listing the operations, each one's `responses` in `others`. */
export const errorResponsesRule: StaticRuleFamily = {
  name: 'error responses',
  rules: [VALIDATION_ERRORS_UNDOCUMENTED, SERVER_ERRORS_UNDOCUMENTED],
  run(spec) {
    const drafts: FindingDraft[] = [];
    const noValidation = spec.operations.filter(
      (operation) => takesInput(operation) && !VALIDATION_CODES.some((code) => operation.responses.has(code)),
    );
    if (noValidation.length > 0) {
      drafts.push({
        ruleId: VALIDATION_ERRORS_UNDOCUMENTED.id,
        detail: `${noValidation.length} operation(s): ${nameList(noValidation.map(describeOperation))}.`,
        location: groupLocation(spec, noValidation.map(responsesPlace)),
      });
    }
    const noServerError = spec.operations.flatMap((operation) => {
      const gap = serverErrorGap(operation);
      return gap ? [{ operation, gap }] : [];
    });
    if (noServerError.length > 0) {
      drafts.push({
        ruleId: SERVER_ERRORS_UNDOCUMENTED.id,
        detail: `${noServerError.length} operation(s): ${nameList(
          noServerError.map(({ operation, gap }) => `${describeOperation(operation)} (${gap})`),
        )}.`,
        location: groupLocation(
          spec,
          noServerError.map((entry) => responsesPlace(entry.operation)),
        ),
      });
    }
    return drafts;
  },
};

/** Parameters or a request body: something a caller can get wrong. */
function takesInput(operation: SpecOperation): boolean {
  return (
    operation.parameters.length > 0 ||
    operation.requestBodies.length > 0 ||
    operation.value['requestBody'] !== undefined
  );
}

/** Why the operation's server errors are undocumented, or undefined when they are documented. */
function serverErrorGap(operation: SpecOperation): string | undefined {
  const declared = SERVER_ERROR_CODES.flatMap((code) => operation.responses.get(code) ?? []);
  if (declared.length === 0) return 'no 500, 5XX or default';
  // HEAD answers carry no body, so the status alone is the whole contract.
  if (operation.method === 'HEAD' || declared.some(hasBody)) return undefined;
  return 'declared without a body schema';
}

/** OAS 3 `content` with at least one media type, or Swagger 2 `schema`. */
function hasBody(response: SpecNode): boolean {
  const { content, schema } = response.value;
  return isObject(schema) || (isObject(content) && Object.keys(content).length > 0);
}
