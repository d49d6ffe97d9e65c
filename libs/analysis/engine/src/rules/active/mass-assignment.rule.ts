import { toEvidence } from '../../http/evidence.js';
import type { SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveProbeContext, ActiveRuleFamily } from './active-rule.types.js';
import { describe, isSecured, isSuccess, jsonOf, operationLocation } from './probe-helpers.js';

export const MASS_ASSIGNMENT: RuleMeta = {
  id: 'http.mass-assignment.privileged-property',
  title: 'Privileged property can be set by the client (mass assignment)',
  category: 'API3:2023',
  cweId: 'CWE-915',
  severity: 'high',
  description:
    'An update that included a privilege-bearing property (role, isAdmin, ...) was stored: the API binds request bodies to records wholesale, so users can grant themselves rights.',
  recommendation:
    'Bind only an explicit list of writable fields (DTOs), refuse unknown or read-only properties, and set privileges server-side.',
};

const PRIVILEGED =
  /^(roles?|is[-_]?admin|admin|is[-_]?super[-_]?user|super[-_]?user|is[-_]?staff|permissions?|privileges?|scopes?|account[-_]?type|user[-_]?type|access[-_]?level|tier|plan|is[-_]?verified|email[-_]?verified|verified)$/i;

/**
 * deepScan only, as the primary account, on PATCH/PUT operations whose path also has a GET: reads
 * the object, writes one privileged property it shows with an escalated value, reads again, and if
 * the value stuck writes the original back. The only check that changes data on purpose, so it
 * runs last.
 */
export const massAssignmentRule: ActiveRuleFamily = {
  name: 'mass assignment',
  rules: [MASS_ASSIGNMENT],
  async run(ctx) {
    if (!ctx.deepScan || !ctx.session.credentials.has('primary')) return [];
    const drafts: FindingDraft[] = [];
    for (const write of ctx.operations.filter(
      (op) => (op.method === 'PATCH' || op.method === 'PUT') && isSecured(op),
    )) {
      const read = ctx.operations.find((op) => op.method === 'GET' && op.path === write.path);
      if (!read) continue;
      const draft = await tryEscalation(ctx, read, write);
      if (draft) drafts.push(draft);
    }
    return drafts;
  },
};

async function tryEscalation(
  ctx: ActiveProbeContext,
  read: SpecOperation,
  write: SpecOperation,
): Promise<FindingDraft | undefined> {
  const current = await readObject(ctx, read);
  if (!current) return undefined;
  for (const [key, original] of Object.entries(current)) {
    if (!PRIVILEGED.test(key)) continue;
    const escalated = escalate(original);
    if (escalated === undefined) continue;
    const body = write.method === 'PUT' ? { ...current, [key]: escalated } : { [key]: escalated };
    const sent = await ctx.session.send(ctx.request(write, { rawBody: JSON.stringify(body) }), 'primary');
    if (!isSuccess(sent)) continue;
    const after = await readObject(ctx, read);
    if (!after || JSON.stringify(after[key]) !== JSON.stringify(escalated)) continue;
    const restore = write.method === 'PUT' ? current : { [key]: original };
    const restored = await ctx.session.send(ctx.request(write, { rawBody: JSON.stringify(restore) }), 'primary');
    return {
      ruleId: MASS_ASSIGNMENT.id,
      title: `${MASS_ASSIGNMENT.title}: ${describe(write)} (${key})`,
      detail:
        `Sent ${key}: ${JSON.stringify(escalated)} (was ${JSON.stringify(original)}); ${describe(read)} then showed the new value. ` +
        (isSuccess(restored)
          ? 'The original value was written back.'
          : 'Writing the original value back FAILED: restore it by hand.'),
      location: operationLocation(sent, write),
      evidence: toEvidence(sent, ['content-type']),
    };
  }
  return undefined;
}

async function readObject(ctx: ActiveProbeContext, read: SpecOperation): Promise<Record<string, unknown> | undefined> {
  const exchange = await ctx.session.send(ctx.request(read), 'primary');
  const json = isSuccess(exchange) ? jsonOf(exchange) : undefined;
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}

/** A value with more privilege than `value`, or undefined when there is no obvious escalation. */
function escalate(value: unknown): unknown {
  if (value === false) return true;
  if (typeof value === 'string' && !/^(admin|administrator|superuser|owner|root)$/i.test(value)) return 'admin';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string') && !value.includes('admin'))
    return [...value, 'admin'];
  return undefined;
}
