import type { RuleMeta } from '../rule.types.js';
import { isSecured } from './auth.rule.js';
import { groupBy, groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const ADMIN_ENDPOINT: RuleMeta = {
  id: 'spec.paths.admin-endpoint',
  title: 'Administrative endpoint in the public API',
  category: 'API5:2023',
  cweId: 'CWE-285',
  severity: 'low',
  description:
    'Admin, internal and debug functions sit in the same API as user functions; one missing role check gives any user admin powers.',
  recommendation:
    "Serve admin functions from a separate API or network, deny by default, and check the caller's role on every admin operation.",
};

export const ADMIN_SEGMENT =
  /^(admin|administrator|internal|debug|management|manage|actuator|superuser|sudo|backoffice|staff|ops)$/i;

/** One finding per path; high when some operation on it requires no credentials at all. */
export const adminPathsRule: StaticRuleFamily = {
  name: 'admin paths',
  rules: [ADMIN_ENDPOINT],
  run(spec) {
    const adminOps = spec.operations.filter((op) =>
      op.path.split('/').some((segment) => ADMIN_SEGMENT.test(segment.replace(/[-_]?v\d+$/i, ''))),
    );
    return [...groupBy(adminOps, (op) => op.path)].map(([path, ops]) => {
      const open = ops.filter((op) => !isSecured(op));
      return {
        ruleId: ADMIN_ENDPOINT.id,
        title: `${ADMIN_ENDPOINT.title}: ${path}`,
        ...(open.length > 0
          ? { severity: 'high' as const, detail: `Unauthenticated: ${open.map((op) => op.method).join(', ')}.` }
          : {}),
        location: groupLocation(spec, ops),
      };
    });
  },
};
