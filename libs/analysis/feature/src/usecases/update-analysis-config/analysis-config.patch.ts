import type { AnalysisConfigRecord } from '@so/analysis-data-access';
import type { FieldViolation } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { START_ANALYSIS_LIMITS } from '../start-analysis/start-analysis.validation.js';
import type { UpdateAnalysisConfigCommand } from './update-analysis-config.command.js';

/**
 * `current` with the given fields replaced, checked against the limits a start request is checked
 * against (same field names in the violations), every problem listed at once.
 */
export function patchAnalysisConfig(
  current: AnalysisConfigRecord,
  patch: UpdateAnalysisConfigCommand,
): AnalysisConfigRecord {
  const limits = START_ANALYSIS_LIMITS;
  const violations: FieldViolation[] = [];
  const next: AnalysisConfigRecord = { ...current, vulnerabilityTypes: [...current.vulnerabilityTypes] };

  if (patch.timeoutSeconds !== undefined && patch.timeoutSeconds !== null) {
    const value = patch.timeoutSeconds;
    if (!Number.isInteger(value) || value < 1 || value > limits.maxTimeoutSeconds) {
      violations.push({ field: 'config.timeout_seconds', description: `must be between 1 and ${limits.maxTimeoutSeconds}` });
    } else next.timeoutSeconds = value;
  }
  if (patch.maxDepth !== undefined && patch.maxDepth !== null) {
    const value = patch.maxDepth;
    if (!Number.isInteger(value) || value < 1 || value > limits.maxMaxDepth) {
      violations.push({ field: 'config.max_depth', description: `must be between 1 and ${limits.maxMaxDepth}` });
    } else next.maxDepth = value;
  }
  if (patch.vulnerabilityTypes !== undefined && patch.vulnerabilityTypes !== null) {
    const types = patch.vulnerabilityTypes.map((type) => type.trim());
    if (types.length > limits.maxVulnerabilityTypes) {
      violations.push({
        field: 'config.vulnerability_types',
        description: `must list at most ${limits.maxVulnerabilityTypes} entries`,
      });
    }
    types.forEach((type, index) => {
      if (!limits.vulnerabilityTypePattern.test(type)) {
        violations.push({
          field: `config.vulnerability_types[${index}]`,
          description: 'must be a rule id prefix or an OWASP category such as API8:2023',
        });
      }
    });
    next.vulnerabilityTypes = [...new Set(types)];
  }
  if (patch.deepScan !== undefined && patch.deepScan !== null) next.deepScan = patch.deepScan;
  if (patch.enableAiAnalysis !== undefined && patch.enableAiAnalysis !== null) {
    next.enableAiAnalysis = patch.enableAiAnalysis;
  }
  if (violations.length > 0) throw AnalysisException.invalidRequest(violations);
  return next;
}
