import type { WebhookAttemptStatus } from '@so/webhook-data-access';

/** One logged delivery attempt as the org may see it. */
export interface WebhookAttemptView {
  id: string;
  messageId: string;
  endpointId: string;
  attemptNumber: number;
  status: WebhookAttemptStatus;
  /** null when no HTTP answer came (refused, timed out, DNS failure). */
  responseStatus: number | null;
  responseHeaders: Record<string, string>;
  /** At most the first 20 KB of the response body. */
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
  createdAt: Date;
}

export interface WebhookAttemptPage {
  attempts: WebhookAttemptView[];
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null;
}
