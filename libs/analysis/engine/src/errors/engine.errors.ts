/**
 * Errors the engine rejects with. They live together because callers branch on them as one family
 * (`instanceof AnalysisEngineError`, then the namespaced `code`), and each is a few lines.
 */
export abstract class AnalysisEngineError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller's AbortSignal fired: the run stopped and in-flight requests were aborted. */
export class AnalysisAbortedError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.ABORTED';

  constructor(message = 'analysis aborted') {
    super(message);
  }
}

/** `timeoutSeconds` elapsed before the run finished. */
export class AnalysisTimeoutError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.TIMEOUT';

  constructor(readonly timeoutSeconds: number) {
    super(`analysis exceeded its time limit of ${timeoutSeconds} s`);
  }
}

/** The target URL is malformed or not http(s). */
export class InvalidTargetError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.INVALID_TARGET';
}

/** The target resolves to an address the SSRF policy refuses (private, loopback, metadata, ...). */
export class TargetNotAllowedError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.TARGET_NOT_ALLOWED';
}

/** The target could not be reached at all (refused, TLS failure, timeout of the first request). */
export class TargetUnreachableError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.TARGET_UNREACHABLE';
}

/** The OpenAPI text cannot be parsed, is not OpenAPI 2/3, or uses refs the engine refuses. */
export class InvalidSpecError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.INVALID_SPEC';
}

/** An option is unusable (e.g. a credential containing a line break). */
export class InvalidOptionsError extends AnalysisEngineError {
  readonly code = 'ANALYSIS.INVALID_OPTIONS';
}
