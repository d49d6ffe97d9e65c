/** How one endpoint's deliveries went since a time: what `GET .../endpoints/{id}/stats` answers. */
export interface EndpointStatsView {
  endpointId: string;
  since: Date;
  /** Messages created since `since`, by state. */
  messages: { delivered: number; failed: number; pending: number };
  /** Attempts made since `since`. */
  attempts: { total: number; succeeded: number; failed: number };
  /** Succeeded attempts / attempts, 0..1; null without attempts. */
  successRate: number | null;
  /** Attempt latency percentiles in ms (continuous, rounded); null without attempts. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Latest succeeded / failed attempt since `since`; null when there was none. */
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
}
