import { AnalysisException } from './analysis.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws INVALID_ARGUMENT for anything that is not a UUID, so it never reaches a uuid column. */
export function assertUuid(value: string, field: string): string {
  const id = value.trim();
  if (!UUID.test(id)) throw AnalysisException.invalidId(field, value);
  return id.toLowerCase();
}
