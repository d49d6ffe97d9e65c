import type { CredentialRole, ResolvedCredentials } from './credentials.js';
import type { ProbeClient } from './probe-client.js';
import type { ProbeExchange, ProbeRequest } from './probe.types.js';
import { RequestBudgetExhausted } from './request-budget-exhausted.js';

/**
 * The probe client as the authorization and injection checks use it: speaks as a given test
 * account, counts against the run's request budget, and turns a failed exchange (reset, timeout)
 * into `undefined` so one flaky endpoint does not end a whole check.
 */
export class ProbeSession {
  constructor(
    readonly client: ProbeClient,
    readonly credentials: ResolvedCredentials,
    private readonly budget: number,
  ) {}

  get remaining(): number {
    return Math.max(0, this.budget - this.client.requestsSent);
  }

  /** Sends as `role`; headers given in the request win (so a probe can replace the credential). */
  async send(request: ProbeRequest, role: CredentialRole = 'anonymous'): Promise<ProbeExchange | undefined> {
    if (this.client.requestsSent >= this.budget) throw new RequestBudgetExhausted(this.budget);
    return this.client.trySend({
      ...request,
      headers: { ...this.credentials.headers(role), ...(request.headers ?? {}) },
    });
  }

  /**
   * Sends the same request `count` times, `parallel` at a time, and stops early once `stop`
   * says so (a 429 answers the question). Returns every exchange that got an answer.
   */
  async burst(
    request: ProbeRequest,
    role: CredentialRole,
    count: number,
    parallel: number,
    stop: (exchange: ProbeExchange) => boolean,
  ): Promise<ProbeExchange[]> {
    const answered: ProbeExchange[] = [];
    let sent = 0;
    let stopped = false;
    const worker = async (): Promise<void> => {
      while (!stopped && sent < count) {
        sent += 1;
        const exchange = await this.send(request, role);
        if (!exchange) continue;
        answered.push(exchange);
        if (stop(exchange)) stopped = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, count)) }, worker));
    return answered;
  }
}
