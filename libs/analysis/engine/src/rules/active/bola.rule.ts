import { toEvidence } from '../../http/evidence.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { harvestIds, resourceOfParam } from './object-ids.js';
import { describe, isAdminOperation, isSecured, isSuccess, operationLocation, pathParams } from './probe-helpers.js';

export const BOLA: RuleMeta = {
  id: 'http.authz.bola',
  title: "One user can read another user's objects (BOLA)",
  category: 'API1:2023',
  cweId: 'CWE-639',
  severity: 'high',
  description:
    'An object the second test account owns was returned to the first test account by changing the id in the URL: the API checks who is logged in, not whether they own the object.',
  recommendation:
    "Check ownership (or an explicit grant) for every object id a request names, in one place (a policy or repository filter), and answer 404 for other users' objects.",
};

/**
 * Learns which object ids each test account owns from its own responses, then asks for the second
 * account's objects as the first. A finding needs: the owner gets 2xx, the other account gets 2xx
 * with the same object, and a request without credentials does not (so the object is not public).
 */
export const bolaRule: ActiveRuleFamily = {
  name: 'object-level authorization',
  rules: [BOLA],
  async run(ctx) {
    if (!ctx.session.credentials.has('primary') || !ctx.session.credentials.has('secondary')) {
      ctx.warn('BOLA check skipped: it needs two test accounts (credentials.primary and credentials.secondary)');
      return [];
    }
    // Admin listings show everybody's ids and would make every object look like the account's own.
    const notAdmin = (o: { operation: Parameters<typeof isAdminOperation>[0] }): boolean =>
      !isAdminOperation(o.operation);
    const mine = harvestIds((await ctx.observations.sweep('primary')).filter(notAdmin));
    const theirs = harvestIds((await ctx.observations.sweep('secondary')).filter(notAdmin));
    const drafts: FindingDraft[] = [];
    const targets = ctx.operations.filter(
      (op) => op.method === 'GET' && isSecured(op) && !isAdminOperation(op) && pathParams(op).length > 0,
    );
    for (const operation of targets) {
      const values: Record<string, string> = {};
      for (const param of pathParams(operation)) {
        const resource = resourceOfParam(operation, param);
        const candidate = [...(theirs.get(resource) ?? [])].find((id) => !mine.get(resource)?.has(id));
        if (candidate === undefined) break;
        values[param] = candidate;
      }
      if (Object.keys(values).length !== pathParams(operation).length) continue;
      const request = ctx.request(operation, { path: values });
      const owner = await ctx.session.send(request, 'secondary');
      if (!isSuccess(owner)) continue;
      const other = await ctx.session.send(request, 'primary');
      if (!isSuccess(other) || !sameObject(owner.response.body, other.response.body, Object.values(values))) continue;
      const anonymous = await ctx.session.send(request, 'anonymous');
      const anonymousStatus = anonymous ? String(anonymous.response.status) : 'no response';
      if (isSuccess(anonymous)) continue;
      drafts.push({
        ruleId: BOLA.id,
        title: `${BOLA.title}: ${describe(operation)}`,
        detail: `The first test account got ${other.response.status} for the second account's ${Object.entries(values)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}; without credentials the answer was ${anonymousStatus}.`,
        location: operationLocation(other, operation),
        evidence: toEvidence(other, ['content-type']),
      });
    }
    return drafts;
  },
};

/** Same body, or at least a body that names the requested id (timestamps may differ). */
function sameObject(ownerBody: string, otherBody: string, ids: string[]): boolean {
  if (ownerBody === otherBody) return ownerBody.trim().length > 2;
  return ids.every((id) =>
    new RegExp(`"(?:id|[A-Za-z]+Id)"\\s*:\\s*"?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\b`).test(otherBody),
  );
}
