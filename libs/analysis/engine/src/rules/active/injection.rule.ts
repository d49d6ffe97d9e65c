import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { RequestOverrides } from '../../spec/request-builder.js';
import { bodyProperties, sampleBody } from '../../spec/request-builder.js';
import { sampleValue } from '../../spec/sample-request.js';
import { isObject, type JsonObject, type SpecOperation } from '../../spec/spec-model.js';
import { findErrorSignature } from '../dynamic/error-signatures.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveProbeContext, ActiveRuleFamily } from './active-rule.types.js';
import { describe, operationLocation, SAFE_METHODS } from './probe-helpers.js';

export const SQL_INJECTION: RuleMeta = {
  id: 'http.injection.sql-error',
  title: 'Input reaches a SQL query unescaped',
  category: 'API8:2023',
  cweId: 'CWE-89',
  severity: 'high',
  description:
    'A quote in one input turned a normal answer into a database syntax error: the value is concatenated into SQL, which usually means full SQL injection.',
  recommendation:
    "Use parameterized queries (or the ORM's bound parameters) for every value; never build SQL from strings. Do not return database errors to clients.",
};

export const NOSQL_INJECTION: RuleMeta = {
  id: 'http.injection.nosql-error',
  title: 'Input reaches a NoSQL query as an operator',
  category: 'API8:2023',
  cweId: 'CWE-943',
  severity: 'high',
  description:
    'An object with a query operator ($ne, $gt) sent in place of a plain value made the database complain: inputs are passed to the query without type checks.',
  recommendation:
    "Validate input types (strings stay strings), strip keys starting with $ and use the driver's sanitizing options.",
};

const SQL_SUFFIX = `'"`;
const NOSQL_VALUE = { $ne: 'so-probe' };
const NOSQL_SIGNATURE =
  /MongoError|MongoServerError|CastError: Cast to|BSONTypeError|unknown operator: \$\w+|\$where|E11000 duplicate key|MongoDB\.Driver|CouchDB|ArangoError/;
const SHORT_FORMATS = new Set([
  'uuid',
  'date',
  'date-time',
  'time',
  'int32',
  'int64',
  'ipv4',
  'ipv6',
  'byte',
  'binary',
]);
const MAX_FIELDS = 4;

interface Field {
  where: 'query' | 'path' | 'body';
  name: string;
  sample: string;
}

/**
 * Sends each string input once with a trailing quote (SQL) and once as an operator object
 * (NoSQL, body only), and reports a database error that the unmodified request did not produce.
 * Reads always; writes only with deepScan.
 */
export const injectionRule: ActiveRuleFamily = {
  name: 'injection',
  rules: [SQL_INJECTION, NOSQL_INJECTION],
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    const operations = ctx.operations.filter(
      (op) => SAFE_METHODS.has(op.method) || (ctx.deepScan && ['POST', 'PUT', 'PATCH'].includes(op.method)),
    );
    for (const operation of operations) {
      const fields = stringFields(ctx, operation);
      if (fields.length === 0) continue;
      const role = ctx.roleFor(operation);
      const baseline = await ctx.session.send(ctx.request(operation), role);
      if (!baseline || leaks(baseline)) continue;
      for (const field of fields) {
        const sql = await ctx.session.send(
          ctx.request(operation, override(field, `${field.sample}${SQL_SUFFIX}`)),
          role,
        );
        const sqlError = sql ? findErrorSignature(sql.response.body, 'SQL error') : undefined;
        if (sql && sqlError) {
          drafts.push(
            draft(SQL_INJECTION, operation, sql, field, `${sqlError.name}: ${JSON.stringify(sqlError.excerpt)}`),
          );
          break;
        }
        if (field.where !== 'body' || !ctx.isSelected(NOSQL_INJECTION.id)) continue;
        const nosql = await ctx.session.send(ctx.request(operation, override(field, NOSQL_VALUE)), role);
        const match = nosql ? NOSQL_SIGNATURE.exec(nosql.response.body) : null;
        if (nosql && match) {
          drafts.push(draft(NOSQL_INJECTION, operation, nosql, field, JSON.stringify(match[0])));
          break;
        }
      }
    }
    return drafts;
  },
};

function leaks(exchange: ProbeExchange): boolean {
  return (
    findErrorSignature(exchange.response.body, 'SQL error') !== undefined ||
    NOSQL_SIGNATURE.test(exchange.response.body)
  );
}

function override(field: Field, value: unknown): RequestOverrides {
  if (field.where === 'body') return { body: { [field.name]: value } };
  return field.where === 'query'
    ? { query: { [field.name]: String(value) } }
    : { path: { [field.name]: String(value) } };
}

function draft(
  meta: RuleMeta,
  operation: SpecOperation,
  exchange: ProbeExchange,
  field: Field,
  found: string,
): FindingDraft {
  return {
    ruleId: meta.id,
    title: `${meta.title}: ${describe(operation)} (${field.where} ${field.name})`,
    detail: `Injected into ${field.where} field "${field.name}"; the response shows ${found}.`,
    location: operationLocation(exchange, operation),
    evidence: toEvidence(exchange, ['content-type']),
  };
}

function stringFields(ctx: ActiveProbeContext, operation: SpecOperation): Field[] {
  const fields: Field[] = [];
  for (const param of operation.parameters) {
    const where = param.value['in'];
    if (
      (where !== 'query' && where !== 'path') ||
      !isFreeString(isObject(param.value['schema']) ? param.value['schema'] : param.value)
    )
      continue;
    fields.push({ where, name: String(param.value['name']), sample: sampleValue(param.value) });
  }
  if (!SAFE_METHODS.has(operation.method)) {
    const sample = sampleBody(ctx.spec, operation);
    for (const [name, schema] of bodyProperties(ctx.spec, operation)) {
      if (!isFreeString(schema) || schema['readOnly'] === true) continue;
      const value = isObject(sample) ? sample[name] : undefined;
      fields.push({ where: 'body', name, sample: typeof value === 'string' ? value : 'test' });
    }
  }
  return fields.slice(0, MAX_FIELDS);
}

/** Strings a query could be built from: not enums, not ids/dates/numbers by format. */
function isFreeString(schema: JsonObject): boolean {
  const type = Array.isArray(schema['type']) ? schema['type'] : [schema['type']];
  const stringish = type.includes('string') || schema['type'] === undefined;
  return (
    stringish &&
    schema['enum'] === undefined &&
    schema['const'] === undefined &&
    !SHORT_FORMATS.has(String(schema['format']))
  );
}
