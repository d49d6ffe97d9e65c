import type { AnalysisConfigRecord } from '@so/analysis-data-access';
import type { FieldViolation } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import type { StartAnalysisCommand } from './start-analysis.command.js';

/** A start request that passed validation, normalised for storage. */
export interface ValidStartAnalysis {
  projectKey: string;
  targetUrl: string | null;
  specText: string | null;
  config: AnalysisConfigRecord;
  idempotencyKey: string | null;
}

export const START_ANALYSIS_LIMITS = {
  projectKeyPattern: /^[a-z0-9][a-z0-9._-]{0,62}$/,
  maxTargetUrlLength: 2048,
  maxSpecBytes: 5 * 1024 * 1024,
  defaultTimeoutSeconds: 300,
  maxTimeoutSeconds: 3600,
  defaultMaxDepth: 3,
  maxMaxDepth: 10,
  maxVulnerabilityTypes: 50,
  vulnerabilityTypePattern: /^[\w.:-]{1,100}$/,
  maxIdempotencyKeyLength: 200,
} as const;

/**
 * Checks everything that can be checked without touching the network and lists every problem at
 * once. Whether the target is allowed (SSRF policy, DNS) is decided by the worker, which fails the
 * analysis with a readable error_message.
 */
export function validateStartAnalysis(command: StartAnalysisCommand): ValidStartAnalysis {
  const limits = START_ANALYSIS_LIMITS;
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });

  const projectKey = command.projectId.trim();
  if (!projectKey) add('project_id', 'is required');
  else if (!limits.projectKeyPattern.test(projectKey))
    add('project_id', 'must match ^[a-z0-9][a-z0-9._-]{0,62}$ (lowercase letters, digits, . _ -)');

  const targetUrl = command.targetUrl.trim() || null;
  if (targetUrl !== null) {
    const problem = targetUrlProblem(targetUrl);
    if (problem) add('target_url', problem);
  }

  const specText = command.openapiSpec.trim() ? command.openapiSpec : null;
  if (specText !== null && Buffer.byteLength(specText, 'utf8') > limits.maxSpecBytes) {
    add('openapi_spec', `must be at most ${limits.maxSpecBytes} bytes`);
  }
  if (targetUrl === null && specText === null) add('target_url', 'give a target_url, an openapi_spec or both');

  const config = command.config ?? {};
  const timeoutSeconds = config.timeoutSeconds ?? 0;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds > limits.maxTimeoutSeconds) {
    add(
      'config.timeout_seconds',
      `must be between 1 and ${limits.maxTimeoutSeconds} (0 = default ${limits.defaultTimeoutSeconds})`,
    );
  }
  const maxDepth = config.maxDepth ?? 0;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > limits.maxMaxDepth) {
    add('config.max_depth', `must be between 1 and ${limits.maxMaxDepth} (0 = default ${limits.defaultMaxDepth})`);
  }
  const vulnerabilityTypes = (config.vulnerabilityTypes ?? []).map((type) => type.trim());
  if (vulnerabilityTypes.length > limits.maxVulnerabilityTypes) {
    add('config.vulnerability_types', `must list at most ${limits.maxVulnerabilityTypes} entries`);
  }
  vulnerabilityTypes.forEach((type, index) => {
    if (!limits.vulnerabilityTypePattern.test(type)) {
      add(`config.vulnerability_types[${index}]`, 'must be a rule id prefix or an OWASP category such as API8:2023');
    }
  });

  const idempotencyKey = command.idempotencyKey.trim() || null;
  if (
    idempotencyKey !== null &&
    (idempotencyKey.length > limits.maxIdempotencyKeyLength || !/^[\x21-\x7e]+$/.test(idempotencyKey))
  ) {
    add('idempotency_key', `must be 1-${limits.maxIdempotencyKeyLength} printable ASCII characters without spaces`);
  }

  if (violations.length > 0) throw AnalysisException.invalidRequest(violations);
  return {
    projectKey,
    targetUrl,
    specText,
    config: {
      deepScan: config.deepScan ?? false,
      maxDepth: maxDepth || limits.defaultMaxDepth,
      vulnerabilityTypes: [...new Set(vulnerabilityTypes)],
      enableAiAnalysis: config.enableAiAnalysis ?? false,
      timeoutSeconds: timeoutSeconds || limits.defaultTimeoutSeconds,
    },
    idempotencyKey,
  };
}

function targetUrlProblem(value: string): string | undefined {
  if (value.length > START_ANALYSIS_LIMITS.maxTargetUrlLength)
    return `must be at most ${START_ANALYSIS_LIMITS.maxTargetUrlLength} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname) return 'must name a host';
  // The URL travels in events, webhooks and reports; credentials in it would leak everywhere.
  if (url.username || url.password) return 'must not contain credentials';
  return undefined;
}
