/**
 * The external system did not take a push. `retryable` says whether trying again later can help
 * (timeouts, 5xx, 429) or the integration needs fixing first (bad token, unknown repository).
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** HTTP status when the system answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
