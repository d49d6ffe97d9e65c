/**
 * Public contract of the analysis engine. The engine is a plain library (no NestJS): the analysis
 * worker, the CLI and benchmarks drive it through `runAnalysis`.
 */

/** OWASP API Security Top 10 (2023) category ids. */
export type OwaspApiCategory =
  | 'API1:2023'
  | 'API2:2023'
  | 'API3:2023'
  | 'API4:2023'
  | 'API5:2023'
  | 'API6:2023'
  | 'API7:2023'
  | 'API8:2023'
  | 'API9:2023'
  | 'API10:2023';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export type ProgressStage = 'loading spec' | 'static audit' | 'probing' | 'scoring';

export interface ProgressUpdate {
  stage: ProgressStage;
  /** 0..100 for the whole analysis. */
  percent: number;
  /** Human readable, e.g. `probing 3/12 operations`. */
  message: string;
}

export interface FindingLocation {
  /** Absolute URL probed (dynamic findings). */
  url?: string;
  method?: string;
  /** JSON pointer into the spec (static findings), e.g. `/paths/~1users~1{id}/get`. */
  pointer?: string;
  line?: number;
  column?: number;
  /** Extra places where the same rule matched on the same subject. */
  others?: Array<Omit<FindingLocation, 'others'>>;
}

export interface FindingEvidence {
  request: string;
  response: string;
}

export interface EngineFinding {
  /** Stable rule id, e.g. `http.cors.wildcard-with-credentials`. */
  ruleId: string;
  title: string;
  category: OwaspApiCategory;
  /** `CWE-942` style. */
  cweId: string;
  severity: Severity;
  description: string;
  recommendation: string;
  location: FindingLocation;
  evidence?: FindingEvidence;
  /** Stable across runs for the same flaw at the same place (sha256 hex of rule + normalized location). */
  fingerprint: string;
}

export interface AnalysisMetricsResult {
  bySeverity: Record<Severity, number>;
  operationsDeclared: number;
  operationsCovered: number;
  /** 0..100, 100 = no findings; formula documented in the engine README. */
  score: number;
}

export interface EngineResult {
  findings: EngineFinding[];
  metrics: AnalysisMetricsResult;
  /** Checks that could not run (a probe timed out, a listener threw); the result is still valid. */
  warnings?: string[];
}

export interface AnalysisInput {
  /** Live base URL to probe (http or https). */
  targetUrl?: string;
  /** OpenAPI 2/3 document as text (JSON or YAML). */
  specText?: string;
}

/**
 * Credentials for the authorization probes (BOLA, BFLA, token handling, mass assignment). Each is
 * the value of `headerName` (default `Authorization`); a bare token there is sent as `Bearer <token>`.
 * Use ordinary, non-admin test accounts: a probe "succeeds" when one of them reaches what it should not.
 */
export interface EngineCredentials {
  /** The main test user; credentialed probes run as this user. */
  primary?: string;
  /** A second ordinary user; with `primary` it enables the BOLA check (each tries the other's objects). */
  secondary?: string;
  /** A user without admin rights for the BFLA check; defaults to `secondary`, then `primary`. */
  lowPrivilege?: string;
  /** Header the credentials go in, e.g. `X-API-Key`. Default `Authorization`. */
  headerName?: string;
}

export interface EngineOptions {
  deepScan: boolean;
  maxDepth: number;
  /** Empty = all rules. Matches rule id prefixes or OWASP categories (`API8:2023`). */
  vulnerabilityTypes: string[];
  timeoutSeconds: number;
  /** Aborts the analysis promptly (cancel or timeout); runAnalysis then rejects with AnalysisAbortedError. */
  signal?: AbortSignal;
  onProgress?: (update: ProgressUpdate) => void;
  onFinding?: (finding: EngineFinding) => void;
  /** Hosts / CIDRs the scanner may reach although they are private, loopback or link-local. */
  targetAllowList: string[];
  /** Requests in flight at once against the target. Default 4. */
  concurrency?: number;
  /** Most requests one run may send to the target. Default 600. */
  requestBudget?: number;
  /** Per-request limit in milliseconds, at most 10000 (the default). */
  requestTimeoutMs?: number;
  /** Test-account credentials for the authorization probes; without them those probes are skipped. */
  credentials?: EngineCredentials;
}
