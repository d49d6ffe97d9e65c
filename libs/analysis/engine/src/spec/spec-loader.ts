import { InvalidSpecError } from '../errors/engine.errors.js';
import { buildOperations, buildSecuritySchemes, buildServers } from './operation-builder.js';
import { createResolver } from './ref-resolver.js';
import { walkSchemas } from './schema-walker.js';
import { assertSelfContained } from './spec-integrity.js';
import { isObject, type LoadedSpec } from './spec-model.js';
import { structureWarnings } from './spec-structure.js';
import { parseSpecText } from './spec-text.js';

/**
 * Reads an OpenAPI 2 or 3 document into the model the static rules share. Every way it can fail
 * is an InvalidSpecError with a message a user can act on; size, alias and ref-hop limits keep a
 * hostile document from hanging the worker. The document is walked once (integrity), then only
 * the parts the model indexes (operations, security schemes, request schemas) are read.
 */
export async function loadSpec(text: string): Promise<LoadedSpec> {
  try {
    return await load(text);
  } catch (error) {
    // Pathologically deep nesting overflows the parser's recursion; that is bad input, not a crash.
    if (error instanceof RangeError) throw new InvalidSpecError('spec is nested too deeply to read', { cause: error });
    throw error;
  }
}

async function load(text: string): Promise<LoadedSpec> {
  const { value, locate, mayShareNodes } = await parseSpecText(text);
  if (!isObject(value)) throw new InvalidSpecError('spec must be a JSON or YAML object');
  const version = detectVersion(value);
  if (!isObject(value['paths']) && !isObject(value['webhooks'])) {
    throw new InvalidSpecError('spec has no "paths" object');
  }
  assertSelfContained(value, mayShareNodes);
  const resolve = createResolver(value);
  const operations = buildOperations(value, resolve);
  const securitySchemes = buildSecuritySchemes(value, resolve);
  return {
    version,
    raw: value,
    operations,
    securitySchemes,
    servers: buildServers(value),
    requestSchemas: walkSchemas(
      operations.flatMap((operation) => operation.requestBodies),
      resolve,
    ),
    warnings: structureWarnings({ version, raw: value, operations, securitySchemes }),
    locate,
    resolve,
  };
}

function detectVersion(doc: Record<string, unknown>): string {
  // Unquoted `openapi: 3.0` reads as a number in YAML; accept it like the string.
  const openapi = String(doc['openapi'] ?? '');
  if (/^3\.\d+(\.\d+)?$/.test(openapi)) return openapi;
  if (String(doc['swagger']) === '2.0') return '2.0';
  throw new InvalidSpecError(
    'not an OpenAPI 2 or 3 document: expected "openapi: 3.x" or "swagger: \'2.0\'" at the top level',
  );
}
