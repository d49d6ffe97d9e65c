import { ConnectorError } from '../connector.error.js';
import type { ConnectorHttpResponse } from './connector-http.client.js';

/** Answers that may succeed when tried again; other 4xx mean the integration needs fixing. */
const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

/** Throws a ConnectorError unless the answer is 2xx. */
export function expectSuccess(response: ConnectorHttpResponse, what: string): void {
  if (response.status >= 200 && response.status < 300) return;
  const retryable = response.status >= 500 || RETRYABLE_STATUSES.has(response.status);
  const detail = response.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  throw new ConnectorError(`${what} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, retryable, response.status);
}
