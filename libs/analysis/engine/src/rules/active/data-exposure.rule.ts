import { toEvidence } from '../../http/evidence.js';
import { declaredProperties, itemsSchema, responseSchema } from '../../spec/response-schema.js';
import type { LoadedSpec, SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveRuleFamily } from './active-rule.types.js';
import { describe, isSuccess, operationLocation } from './probe-helpers.js';

export const SECRET_IN_RESPONSE: RuleMeta = {
  id: 'http.data.secret-in-response',
  title: 'Response carries secrets',
  category: 'API3:2023',
  cweId: 'CWE-200',
  severity: 'high',
  description:
    'A live response contains password hashes, secrets, private keys or API keys; every client and every log on the way gets them too.',
  recommendation:
    'Map responses through explicit DTOs that list what each client may see; never serialize whole records.',
};

export const UNDECLARED_FIELDS: RuleMeta = {
  id: 'http.data.undeclared-fields',
  title: 'Response returns fields its schema does not declare',
  category: 'API3:2023',
  cweId: 'CWE-213',
  severity: 'medium',
  description:
    'The API sends properties beyond the documented response schema, the usual sign of whole records being serialized and relying on clients to filter.',
  recommendation:
    'Return only the declared properties (serialize through the response schema) and declare anything that is meant to be public.',
};

const SECRET_KEY =
  /^(password|passwd|pwd|pass|password[-_]?hash|hashed[-_]?password|pw[-_]?hash|secret|client[-_]?secret|api[-_]?secret|private[-_]?key|api[-_]?key|secret[-_]?key|access[-_]?key[-_]?secret|mfa[-_]?secret|otp[-_]?secret|totp[-_]?secret|salt|ssn|social[-_]?security[-_]?number|card[-_]?number|cvv)$/i;
const TOKEN_KEY = /^(token|access[-_]?token|refresh[-_]?token|session[-_]?(id|token)|reset[-_]?token|id[-_]?token)$/i;
const ISSUES_TOKENS = /login|sign[-_]?in|token|oauth|auth|session|refresh|api[-_]?keys?/i;
const SECRET_VALUE =
  /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$|^\$argon2(id|i|d)\$|^pbkdf2[_:-]sha\d+\$|^-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/;
const MAX_NODES = 5000;

interface Leak {
  key: string;
  value: string;
}

/** Reads the primary account's sweep; sends nothing of its own. */
export const dataExposureRule: ActiveRuleFamily = {
  name: 'data exposure',
  rules: [SECRET_IN_RESPONSE, UNDECLARED_FIELDS],
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    for (const { operation, exchange, json } of await ctx.observations.sweep('primary')) {
      if (!isSuccess(exchange) || json === undefined) continue;
      const tokensExpected = ISSUES_TOKENS.test(`${operation.path} ${String(operation.value['operationId'] ?? '')}`);
      const leaks = findSecrets(json, tokensExpected);
      const evidence = maskEvidence(toEvidence(exchange, ['content-type']), leaks);
      if (leaks.length > 0) {
        const keys = [...new Set(leaks.map((leak) => leak.key))];
        drafts.push({
          ruleId: SECRET_IN_RESPONSE.id,
          title: `${SECRET_IN_RESPONSE.title}: ${describe(operation)} (${keys.join(', ')})`,
          detail: `Found ${keys.join(', ')} in the response of ${describe(operation)}.`,
          location: operationLocation(exchange, operation),
          evidence,
        });
      }
      const extra = undeclaredFields(ctx.spec, operation, exchange.response.status, json);
      if (extra.length > 0) {
        drafts.push({
          ruleId: UNDECLARED_FIELDS.id,
          title: `${UNDECLARED_FIELDS.title}: ${describe(operation)}`,
          detail: `Undeclared: ${extra.join(', ')}.`,
          location: operationLocation(exchange, operation),
          evidence,
        });
      }
    }
    return drafts;
  },
};

export function findSecrets(json: unknown, tokensExpected: boolean): Leak[] {
  const leaks: Leak[] = [];
  let nodes = 0;
  const walk = (value: unknown, depth: number): void => {
    if (nodes++ > MAX_NODES || depth > 8 || typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (typeof child === 'string' && child.length >= 4) {
        const byName = SECRET_KEY.test(key) || (!tokensExpected && TOKEN_KEY.test(key));
        if (byName || SECRET_VALUE.test(child)) leaks.push({ key, value: child });
      } else walk(child, depth + 1);
    }
  };
  walk(json, 0);
  return leaks;
}

function undeclaredFields(spec: LoadedSpec, operation: SpecOperation, status: number, json: unknown): string[] {
  let schema = responseSchema(spec, operation, status);
  let objects: unknown[] = [json];
  if (schema && Array.isArray(json)) {
    schema = itemsSchema(spec, schema);
    objects = json.slice(0, 20);
  }
  const declared = schema ? declaredProperties(spec, schema) : undefined;
  if (!declared) return [];
  const extra = new Set<string>();
  for (const object of objects) {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
    for (const key of Object.keys(object)) if (!declared.has(key)) extra.add(key);
  }
  return [...extra];
}

/** Evidence proves the leak without storing the secret itself again. */
function maskEvidence(
  evidence: { request: string; response: string },
  leaks: Leak[],
): { request: string; response: string } {
  let response = evidence.response;
  for (const { value } of leaks) {
    const escaped = JSON.stringify(value).slice(1, -1);
    response = response.split(escaped).join(`${escaped.slice(0, 4)}…[${value.length} chars redacted]`);
  }
  return { ...evidence, response };
}
