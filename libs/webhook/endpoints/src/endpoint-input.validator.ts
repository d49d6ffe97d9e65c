import type { FieldViolation } from '@so/shared';
import { isValidEventTypePattern } from '@so/webhook-data-access';
import { WebhookException } from '@so/webhook-common';
import type { WebhookSigningScheme } from '@so/webhook-data-access';
import type { CreateEndpointCommand, UpdateEndpointCommand } from './endpoint.model.js';
import { validateFilter, validateHeaders, validateRateLimit, validateSigningScheme } from './endpoint-options.validator.js';

export const PROJECT_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 500;
const MAX_EVENT_TYPES = 32;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ValidEndpointInput {
  url: string;
  eventTypes: string[];
  description: string;
  projectId: string | null;
  rateLimitPerSecond: number | null;
  headers: Record<string, string>;
  filter: Record<string, unknown> | null;
  signingScheme: WebhookSigningScheme;
  ordered: boolean;
}

export interface ValidEndpointUpdate {
  url?: string;
  eventTypes?: string[];
  description?: string;
  enabled?: boolean;
  /** null removes the limit. */
  rateLimitPerSecond?: number | null;
  headers?: Record<string, string>;
  /** null removes the filter. */
  filter?: Record<string, unknown> | null;
  ordered?: boolean;
}

/** Checks every field and reports all problems at once, so a caller fixes them in one round trip. */
export function validateCreateEndpoint(command: CreateEndpointCommand): ValidEndpointInput {
  const violations: FieldViolation[] = [];
  const url = validateUrl(command.url, violations);
  const eventTypes = validateEventTypes(command.eventTypes, violations);
  const description = validateDescription(command.description, violations);

  const projectId = command.projectId ? command.projectId : null;
  if (projectId !== null && !PROJECT_KEY_PATTERN.test(projectId)) {
    violations.push({ field: 'projectId', description: 'must match ^[a-z0-9][a-z0-9._-]{0,62}$' });
  }

  const rateLimitPerSecond = validateRateLimit(command.rateLimitPerSecond, violations);
  const headers = validateHeaders(command.headers, violations);
  const filter = validateFilter(command.filterJson, violations);
  const signingScheme = validateSigningScheme(command.signingScheme, violations);

  if (violations.length > 0 || url === undefined) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT', 'the endpoint is invalid', violations);
  }
  return { url, eventTypes, description, projectId, rateLimitPerSecond, headers, filter, signingScheme, ordered: command.ordered === true };
}

/** Only the fields present are checked and returned. */
export function validateUpdateEndpoint(command: UpdateEndpointCommand): ValidEndpointUpdate {
  const violations: FieldViolation[] = [];
  const update: ValidEndpointUpdate = {};
  if (command.url !== undefined) update.url = validateUrl(command.url, violations);
  if (command.eventTypes !== undefined) update.eventTypes = validateEventTypes(command.eventTypes, violations);
  if (command.description !== undefined) update.description = validateDescription(command.description, violations);
  if (command.enabled !== undefined) update.enabled = command.enabled;
  if (command.rateLimitPerSecond !== undefined) update.rateLimitPerSecond = validateRateLimit(command.rateLimitPerSecond, violations);
  if (command.headers !== undefined) update.headers = validateHeaders(command.headers, violations);
  if (command.filterJson !== undefined) update.filter = validateFilter(command.filterJson, violations);
  // GraphQL may send null for an optional field: it means "leave as is", like absence.
  if (typeof command.ordered === 'boolean') update.ordered = command.ordered;
  if (violations.length > 0) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT', 'the endpoint update is invalid', violations);
  }
  return update;
}

function validateEventTypes(raw: readonly string[] | undefined, violations: FieldViolation[]): string[] {
  const eventTypes = [...new Set((raw ?? []).map((type) => type.trim()))];
  if (eventTypes.length === 0) {
    violations.push({ field: 'eventTypes', description: 'subscribe to at least one event type (or "*")' });
  } else if (eventTypes.length > MAX_EVENT_TYPES) {
    violations.push({ field: 'eventTypes', description: `at most ${MAX_EVENT_TYPES} event types` });
  }
  (raw ?? []).forEach((type, index) => {
    if (!isValidEventTypePattern(type.trim())) {
      violations.push({
        field: `eventTypes[${index}]`,
        description: `unknown event type "${type.slice(0, 100)}": use a type from the event catalogue, a wildcard such as "analysis.*", or "*"`,
      });
    }
  });
  return eventTypes;
}

function validateDescription(raw: string | undefined, violations: FieldViolation[]): string {
  const description = (raw ?? '').trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    violations.push({ field: 'description', description: `at most ${MAX_DESCRIPTION_LENGTH} characters` });
  }
  return description;
}

function validateUrl(raw: string, violations: FieldViolation[]): string | undefined {
  const value = (raw ?? '').trim();
  if (value.length === 0) {
    violations.push({ field: 'url', description: 'is required' });
    return undefined;
  }
  if (value.length > MAX_URL_LENGTH) {
    violations.push({ field: 'url', description: `at most ${MAX_URL_LENGTH} characters` });
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    violations.push({ field: 'url', description: 'must be an absolute http or https URL' });
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    violations.push({ field: 'url', description: 'must use http or https' });
    return undefined;
  }
  if (parsed.username || parsed.password) {
    // Credentials in the URL would be stored and logged in clear; partners authenticate us by signature.
    violations.push({ field: 'url', description: 'must not contain credentials' });
    return undefined;
  }
  parsed.hash = '';
  return parsed.toString();
}

/** Endpoint ids are UUIDs; anything else cannot exist, so say so instead of querying. */
export function validateEndpointId(id: string): string {
  if (!UUID_PATTERN.test(id ?? '')) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_ENDPOINT_ID', 'the endpoint id is invalid', [
      { field: 'id', description: 'must be a UUID' },
    ]);
  }
  return id.toLowerCase();
}

export function validateProjectFilter(projectId: string | null | undefined): string | null {
  if (!projectId) return null;
  if (!PROJECT_KEY_PATTERN.test(projectId)) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_PROJECT', 'the project id is invalid', [
      { field: 'projectId', description: 'must match ^[a-z0-9][a-z0-9._-]{0,62}$' },
    ]);
  }
  return projectId;
}
