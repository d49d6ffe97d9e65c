/** Who and what one worker run is about; carried into every event it emits. */
export interface RunContext {
  analysisId: string;
  orgId: string;
  /** Project key (events carry the key as projectId). */
  projectKey: string;
  correlationId: string;
}
