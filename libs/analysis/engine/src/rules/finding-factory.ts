import type { EngineFinding } from '../engine.types.js';
import { fingerprintOf } from './fingerprint.js';
import type { FindingDraft, RuleMeta } from './rule.types.js';

export function buildFinding(meta: RuleMeta, draft: FindingDraft): EngineFinding {
  return {
    ruleId: meta.id,
    title: draft.title ?? meta.title,
    category: meta.category,
    cweId: meta.cweId,
    severity: draft.severity ?? meta.severity,
    description: draft.detail ? `${meta.description} ${draft.detail}` : meta.description,
    recommendation: meta.recommendation,
    location: draft.location,
    ...(draft.evidence ? { evidence: draft.evidence } : {}),
    fingerprint: fingerprintOf(meta.id, draft.location),
  };
}
