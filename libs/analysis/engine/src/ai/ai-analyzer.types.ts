/** How to reach an OpenAI-compatible chat-completions endpoint and how hard to use it. */
export interface AiAnalyzerSettings {
  /** Base URL of the API, e.g. `https://api.openai.com/v1`; requests go to `<base>/chat/completions`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` (left out when empty); never logged or stored. */
  apiKey: string;
  model: string;
  /** Whole-exchange limit of one request. */
  timeoutMs: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** Findings assessed per analysis at most (most severe first). */
  maxFindings: number;
  /**
   * Hosts / CIDRs the endpoint may resolve to although private or loopback; the same SSRF policy
   * as scan targets (a self-hosted model on the local network must be allowed on purpose).
   */
  allowList: readonly string[];
}

/** The analyzer's verdict on one finding. */
export interface AiAssessment {
  explanation: string;
  /** 1 (fix first) to 5 (can wait). */
  priority: number;
  /** The model that answered (as the endpoint reports it). */
  model: string;
}

export interface AiAnalysisResult {
  /** By finding fingerprint; findings that could not be assessed are missing. */
  assessments: Map<string, AiAssessment>;
  /** What went wrong, for the analysis warnings; the analysis itself never fails because of it. */
  warnings: string[];
  /** Findings a request was sent for. */
  attempted: number;
}

/** One message of a chat-completions request. */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}
