import { CREATABLE_INTEGRATION_TYPES, type orchestratorProto } from '@so/contracts';
import { DomainException, type FieldViolation } from '@so/shared';

const PROJECT_KEY = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const MAX_OPENAPI_SPEC_CHARS = 8 * 1024 * 1024;
const INTEGRATION_TYPES: readonly string[] = CREATABLE_INTEGRATION_TYPES;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function fail(violations: FieldViolation[]): void {
  if (violations.length > 0)
    throw new DomainException('INVALID_ARGUMENT', 'REQUEST.VALIDATION_FAILED', 'the request is invalid', violations);
}

/**
 * Edge validation of a public analysis request, with proto field names in the violations (the
 * analysis service validates again; this keeps obviously bad requests off the internal hop and
 * names the fields the way the peer's proto does). Proto3 has no "unset" for scalars, so 0 and
 * "" mean "not given".
 */
export function validateAnalysisRequest(request: orchestratorProto.SecurityAnalysisRequest, prefix = ''): void {
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field: prefix + field, description });
  if (!PROJECT_KEY.test(request.projectId))
    add('project_id', 'must be 1 to 63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
  if (request.targetUrl === '' && request.openapiSpec === '') add('target_url', 'give target_url, openapi_spec or both');
  if (request.targetUrl !== '' && (request.targetUrl.length > 2048 || !isHttpUrl(request.targetUrl)))
    add('target_url', 'must be an absolute http or https URL of at most 2048 characters');
  if (request.openapiSpec.length > MAX_OPENAPI_SPEC_CHARS) add('openapi_spec', `must be at most ${MAX_OPENAPI_SPEC_CHARS} characters`);
  if (request.idempotencyKey !== '' && !IDEMPOTENCY_KEY.test(request.idempotencyKey))
    add('idempotency_key', 'must be 1 to 255 printable ASCII characters without spaces');
  const config = request.config;
  if (config) {
    if (config.maxDepth !== 0 && (config.maxDepth < 1 || config.maxDepth > 20)) add('config.max_depth', 'must be between 1 and 20');
    if (config.timeoutSeconds !== 0 && (config.timeoutSeconds < 1 || config.timeoutSeconds > 3600))
      add('config.timeout_seconds', 'must be between 1 and 3600');
    if (config.vulnerabilityTypes.length > 50) add('config.vulnerability_types', 'must list at most 50 types');
    config.vulnerabilityTypes.forEach((type, index) => {
      if (type.length < 1 || type.length > 64) add(`config.vulnerability_types[${index}]`, 'must be 1 to 64 characters');
    });
  }
  fail(violations);
}

export function validateIntegrationRequest(request: orchestratorProto.IntegrationRequest): void {
  const violations: FieldViolation[] = [];
  if (!PROJECT_KEY.test(request.projectId))
    violations.push({ field: 'project_id', description: 'must be a project key (lowercase letters, digits, ".", "_", "-")' });
  if (request.name.trim() === '' || request.name.trim().length > 120)
    violations.push({ field: 'name', description: 'must be 1 to 120 characters' });
  if (!INTEGRATION_TYPES.includes(request.type))
    violations.push({ field: 'type', description: `must be one of ${INTEGRATION_TYPES.join(', ')}` });
  fail(violations);
}

export function validateIntegrationStatusRequest(request: orchestratorProto.IntegrationStatusRequest): void {
  if (request.integrationId.trim() === '')
    fail([{ field: 'integration_id', description: 'must not be empty' }]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** An analysis id as the platform issues them (a UUID); anything else cannot name an analysis. */
export function validateAnalysisId(analysisId: string): void {
  if (!UUID.test(analysisId)) fail([{ field: 'analysis_id', description: 'must be the UUID of an analysis' }]);
}
