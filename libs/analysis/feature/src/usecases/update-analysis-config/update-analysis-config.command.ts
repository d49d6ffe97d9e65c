/** Options to change on a pending analysis; fields left out keep their current value. */
export interface UpdateAnalysisConfigCommand {
  deepScan?: boolean | null;
  maxDepth?: number | null;
  vulnerabilityTypes?: string[] | null;
  enableAiAnalysis?: boolean | null;
  timeoutSeconds?: number | null;
}
