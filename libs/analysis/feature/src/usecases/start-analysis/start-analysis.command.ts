/** Input of StartAnalysis, as the transports receive it (empty strings mean "not given"). */
export interface StartAnalysisCommand {
  /** The project's key, `^[a-z0-9][a-z0-9._-]{0,62}$`; the project is created on first use. */
  projectId: string;
  targetUrl: string;
  openapiSpec: string;
  config?: {
    deepScan?: boolean;
    maxDepth?: number;
    vulnerabilityTypes?: string[];
    enableAiAnalysis?: boolean;
    timeoutSeconds?: number;
  };
  idempotencyKey: string;
}
