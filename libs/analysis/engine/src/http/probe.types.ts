/** One request the engine sent, as it appears in evidence. */
export interface SentRequest {
  method: string;
  /** Absolute URL (no credentials). */
  url: string;
  headers: Record<string, string>;
  /** Request body as sent (writes and injection probes). */
  body?: string;
}

/** A response as far as the engine read it (body capped, see `ProbeClientOptions.maxBodyBytes`). */
export interface ReceivedResponse {
  httpVersion: string;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers are joined with `, ` except set-cookie. */
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
}

export interface ProbeExchange {
  request: SentRequest;
  response: ReceivedResponse;
}

export interface ProbeRequest {
  method: string;
  /** Path and query relative to the target URL's path (`/users/1?x=y`), or `''` for the target itself. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
