import { toEvidence } from '../../http/evidence.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { describe, isAdminOperation, isSecured, isSuccess, operationLocation, SAFE_METHODS } from './probe-helpers.js';

export const BFLA: RuleMeta = {
  id: 'http.authz.bfla',
  title: 'Ordinary user can call an administrative function (BFLA)',
  category: 'API5:2023',
  cweId: 'CWE-285',
  severity: 'high',
  description:
    'An operation meant for administrators answered a non-admin test account with success: the API authenticates the caller but does not check the role.',
  recommendation:
    'Deny by default and check the role or permission on every administrative operation (a guard per route group), not only in the UI.',
};

/**
 * Calls each administrative operation (admin path, tag, scope or `x-roles`) as the low-privilege
 * account. Reads only, unless deepScan; never DELETE, which a working BFLA would carry out.
 */
export const bflaRule: ActiveRuleFamily = {
  name: 'function-level authorization',
  rules: [BFLA],
  async run(ctx) {
    if (!ctx.session.credentials.has('lowPrivilege')) {
      ctx.warn('BFLA check skipped: it needs a non-admin test account (credentials.lowPrivilege or primary)');
      return [];
    }
    const drafts: FindingDraft[] = [];
    const targets = ctx.operations.filter(
      (op) =>
        isAdminOperation(op) &&
        isSecured(op) &&
        (SAFE_METHODS.has(op.method) || (ctx.deepScan && ['POST', 'PUT', 'PATCH'].includes(op.method))),
    );
    for (const operation of targets) {
      const request = ctx.request(operation);
      const anonymous = await ctx.session.send(request, 'anonymous');
      const anonymousStatus = anonymous ? String(anonymous.response.status) : 'no response';
      // Open to everyone is a different flaw (unauthenticated access); BFLA is about roles.
      if (isSuccess(anonymous)) continue;
      const user = await ctx.session.send(request, 'lowPrivilege');
      if (!isSuccess(user)) continue;
      drafts.push({
        ruleId: BFLA.id,
        title: `${BFLA.title}: ${describe(operation)}`,
        detail: `The low-privilege account got ${user.response.status}; without credentials the answer was ${anonymousStatus}.`,
        location: operationLocation(user, operation),
        evidence: toEvidence(user, ['content-type']),
      });
    }
    return drafts;
  },
};
