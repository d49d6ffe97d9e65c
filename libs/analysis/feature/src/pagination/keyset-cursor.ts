import { AnalysisException } from '../analysis.exception.js';

/**
 * Opaque cursors: base64url of the list's name and the keyset values of the last row seen. The
 * name stops a cursor of one list from being replayed against another; clients must treat the
 * string as opaque, so its layout may change with the version tag.
 */
export function encodeCursor(list: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([`${list}.v1`, ...values]), 'utf8').toString('base64url');
}

/** The values encoded for `list`, or INVALID_ARGUMENT naming `field` for anything else. */
export function decodeCursor(list: string, cursor: string, field: string, arity: number): string[] {
  let parsed: unknown;
  try {
    parsed = cursor.length <= 512 ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== `${list}.v1` ||
    !parsed.every((value) => typeof value === 'string')
  ) {
    throw AnalysisException.invalidCursor(field);
  }
  return (parsed as string[]).slice(1);
}

export const PAGE_SIZE = { default: 20, max: 100 } as const;

/** `first` as the list will use it: the default when absent, INVALID_ARGUMENT outside 1..max. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return PAGE_SIZE.default;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
    throw AnalysisException.invalidPageSize(field, PAGE_SIZE.max);
  }
  return first;
}
