import { isDomainException, type DomainException } from '@so/shared';
import type { UserErrorType } from './types/user-error.type.js';

/** Kinds the caller can act on: shown as payload user errors. Anything else stays a GraphQL error. */
const USER_ERROR_KINDS = new Set<DomainException['kind']>([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'ALREADY_EXISTS',
]);

export type MutationOutcome<T> = { value: T; userErrors: [] } | { value: null; userErrors: UserErrorType[] };

/** Runs a mutation's use case and turns the domain errors a user can fix into typed user errors. */
export async function withUserErrors<T>(run: () => Promise<T>): Promise<MutationOutcome<T>> {
  try {
    return { value: await run(), userErrors: [] };
  } catch (error) {
    if (!isDomainException(error) || !USER_ERROR_KINDS.has(error.kind)) throw error;
    return { value: null, userErrors: toUserErrors(error) };
  }
}

export function toUserErrors(error: DomainException): UserErrorType[] {
  if (error.violations.length === 0) return [{ field: null, message: error.message, code: error.code }];
  return error.violations.map((violation) => ({
    field: inputPath(violation.field),
    message: violation.description,
    code: error.code,
  }));
}

/** Domain fields are snake_case (`config.max_depth`); GraphQL clients see their input's names (`config.maxDepth`). */
function inputPath(field: string): string {
  return field.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
