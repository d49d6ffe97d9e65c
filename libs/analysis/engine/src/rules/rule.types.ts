import type { FindingEvidence, FindingLocation, OwaspApiCategory, Severity } from '../engine.types.js';

/** What a rule is, independent of any run: reported verbatim in findings and the README table. */
export interface RuleMeta {
  /** Stable id; `http.*` for live checks, `spec.*` for OpenAPI checks. Never rename: fingerprints use it. */
  id: string;
  title: string;
  category: OwaspApiCategory;
  cweId: string;
  severity: Severity;
  /** One line: why this is a flaw. */
  description: string;
  /** One line: how to fix it. */
  recommendation: string;
}

/** A rule's raw result; the engine adds the rule's metadata and the fingerprint. */
export interface FindingDraft {
  ruleId: string;
  location: FindingLocation;
  evidence?: FindingEvidence;
  /** Overrides when one rule covers cases of different weight (e.g. plain http on loopback is info). */
  severity?: Severity;
  title?: string;
  /** Appended to the rule's description: the specifics of this occurrence. */
  detail?: string;
}
