/** The run was stopped because this process is shutting down; the job goes back to the queue. */
export class AnalysisInterruptedError extends Error {
  constructor(analysisId: string) {
    super(`analysis ${analysisId} interrupted by shutdown; it will run again`);
    this.name = 'AnalysisInterruptedError';
  }
}
