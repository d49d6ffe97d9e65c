import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// CommonJS packages: under nodenext the default import is module.exports, which carries `.default`.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const require = createRequire(import.meta.url);

/**
 * The OASIS SARIF 2.1.0 JSON schema as shipped by Microsoft's sarif-js-sdk (`@microsoft/jest-sarif`,
 * file `sarif-2.1.0-rtm.5.json`, the release the standard was approved from; JSON Schema draft-04).
 */
export const SARIF_SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

/** Validates a SARIF log against the official schema; returns ajv's errors as readable lines. */
export function sarifSchemaErrors(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // The schema's own `id` would clash when called twice in one Ajv; each call gets a fresh instance.
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that is only legal without the u flag.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
