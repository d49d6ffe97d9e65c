import { DomainException, type FieldViolation } from '@so/shared';

/** Errors of the analysis domain; codes are stable (`ANALYSIS.*`), clients branch on them. */
export class AnalysisException extends DomainException {
  static invalidRequest(violations: FieldViolation[]): AnalysisException {
    const summary = violations.map((violation) => `${violation.field}: ${violation.description}`).join('; ');
    return new AnalysisException(
      'INVALID_ARGUMENT',
      'ANALYSIS.INVALID_REQUEST',
      `invalid analysis request: ${summary}`,
      violations,
    );
  }

  static invalidId(field: string, value: string): AnalysisException {
    return new AnalysisException(
      'INVALID_ARGUMENT',
      'ANALYSIS.INVALID_ID',
      `${field} must be a UUID, got ${JSON.stringify(value.slice(0, 64))}`,
      [{ field, description: 'must be a UUID' }],
    );
  }

  static notFound(analysisId: string): AnalysisException {
    return new AnalysisException('NOT_FOUND', 'ANALYSIS.NOT_FOUND', `analysis ${analysisId} not found`);
  }

  static projectNotFound(projectId: string): AnalysisException {
    return new AnalysisException('NOT_FOUND', 'ANALYSIS.PROJECT_NOT_FOUND', `project ${projectId} not found`);
  }

  static findingNotFound(findingId: string): AnalysisException {
    return new AnalysisException('NOT_FOUND', 'ANALYSIS.FINDING_NOT_FOUND', `finding ${findingId} not found`);
  }

  static reportNotReady(analysisId: string, status: string): AnalysisException {
    return new AnalysisException(
      'FAILED_PRECONDITION',
      'ANALYSIS.REPORT_NOT_READY',
      `analysis ${analysisId} is ${status.toLowerCase()}; reports exist once it completed`,
    );
  }

  static alreadyFinished(analysisId: string, status: string): AnalysisException {
    return new AnalysisException(
      'FAILED_PRECONDITION',
      'ANALYSIS.ALREADY_FINISHED',
      `analysis ${analysisId} is already ${status.toLowerCase()} and can no longer be cancelled`,
    );
  }

  static idempotencyConflict(key: string): AnalysisException {
    return new AnalysisException(
      'ALREADY_EXISTS',
      'ANALYSIS.IDEMPOTENCY_CONFLICT',
      `idempotency key ${JSON.stringify(key)} was already used for a different analysis request`,
    );
  }

  static queueUnavailable(analysisId: string): AnalysisException {
    return new AnalysisException(
      'UNAVAILABLE',
      'ANALYSIS.QUEUE_UNAVAILABLE',
      `analysis ${analysisId} was recorded but could not be queued; retry with the same idempotency key`,
    );
  }

  static invalidPageSize(field: string, max: number): AnalysisException {
    return new AnalysisException(
      'INVALID_ARGUMENT',
      'ANALYSIS.INVALID_PAGE_SIZE',
      `${field} must be between 1 and ${max}`,
      [{ field, description: `must be between 1 and ${max}` }],
    );
  }

  static invalidCursor(field: string): AnalysisException {
    return new AnalysisException(
      'INVALID_ARGUMENT',
      'ANALYSIS.INVALID_CURSOR',
      `${field} is not a cursor of this list; pass an endCursor exactly as it was returned`,
      [{ field, description: 'must be a cursor returned by the same query' }],
    );
  }

  static invalidSearchQuery(description: string): AnalysisException {
    return new AnalysisException('INVALID_ARGUMENT', 'ANALYSIS.INVALID_SEARCH_QUERY', `query ${description}`, [
      { field: 'query', description },
    ]);
  }

  static notPending(analysisId: string, status: string): AnalysisException {
    return new AnalysisException(
      'FAILED_PRECONDITION',
      'ANALYSIS.NOT_PENDING',
      `analysis ${analysisId} is already ${status.toLowerCase()}; only a pending analysis can be reconfigured`,
    );
  }

  static unauthenticated(): AnalysisException {
    return new AnalysisException('UNAUTHENTICATED', 'AUTH.UNAUTHENTICATED', 'a valid caller identity is required');
  }
}
