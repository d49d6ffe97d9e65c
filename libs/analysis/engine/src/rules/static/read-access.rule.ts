import type { RuleMeta } from '../rule.types.js';
import { nameList } from './operation-summary.js';
import { describeOperation, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const READ_WITHOUT_SECURITY: RuleMeta = {
  id: 'spec.auth.read-without-security',
  title: 'Read operations without a security requirement',
  category: 'API2:2023',
  cweId: 'CWE-306',
  severity: 'info',
  description:
    'These reads declare no security requirement at all, so nobody can tell a deliberately public resource from a forgotten check; the live probe confirms which ones really answer anonymous callers.',
  recommendation:
    'Require credentials on every read that returns non-public data; mark reads that are public on purpose with `security: [{}]`.',
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * One finding per spec listing every open read. `security: [{}]` (anonymous allowed, said
 * explicitly) is a decision, not an omission, so it is not reported.
 */
export const readAccessRule: StaticRuleFamily = {
  name: 'read access',
  rules: [READ_WITHOUT_SECURITY],
  run(spec) {
    const reads = spec.operations.filter((operation) => READ_METHODS.has(operation.method));
    const open = reads.filter((operation) => operation.security.length === 0);
    if (open.length === 0) return [];
    return [
      {
        ruleId: READ_WITHOUT_SECURITY.id,
        detail: `${open.length} of ${reads.length} read operation(s): ${nameList(open.map(describeOperation))}.`,
        location: groupLocation(spec, open),
      },
    ];
  },
};
