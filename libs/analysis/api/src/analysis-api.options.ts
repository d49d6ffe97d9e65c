export interface AnalysisApiOptions {
  /** HMAC key of forwarded caller identities (INTERNAL_TOKEN). */
  internalToken: string;
}

export const ANALYSIS_API_OPTIONS = 'ANALYSIS_API_OPTIONS';
