import type { CredentialRole } from '../../http/credentials.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { SpecOperation } from '../../spec/spec-model.js';
import type { ActiveProbeContext } from './active-rule.types.js';
import { isAdminOperation, isSecured, jsonOf, pathParams, SAFE_METHODS } from './probe-helpers.js';

export interface Observation {
  operation: SpecOperation;
  exchange: ProbeExchange;
  json: unknown;
}

/**
 * The credentialed sweep: each safe GET operation called once as a test account, shared by the
 * data-exposure and BOLA checks so the target sees each call once per account.
 */
export class Observations {
  private readonly sweeps = new Map<string, Promise<Observation[]>>();

  constructor(private readonly context: () => ActiveProbeContext) {}

  /**
   * `primary` (or anonymous without credentials): every GET operation. `secondary`: only secured,
   * non-admin collections and `me` resources, enough to learn which objects that account owns.
   */
  sweep(role: Extract<CredentialRole, 'primary' | 'secondary'>): Promise<Observation[]> {
    let sweep = this.sweeps.get(role);
    if (!sweep) {
      sweep = this.run(role);
      this.sweeps.set(role, sweep);
    }
    return sweep;
  }

  private async run(role: 'primary' | 'secondary'): Promise<Observation[]> {
    const ctx = this.context();
    const operations = ctx.operations.filter(
      (op) =>
        op.method === 'GET' &&
        (role === 'primary' || (isSecured(op) && !isAdminOperation(op) && pathParams(op).length === 0)),
    );
    const out: Observation[] = [];
    for (const operation of operations) {
      const speakAs = isSecured(operation) && ctx.session.credentials.has(role) ? role : 'anonymous';
      if (role === 'secondary' && speakAs === 'anonymous') continue;
      const exchange = await ctx.session.send(ctx.request(operation), speakAs);
      if (exchange) out.push({ operation, exchange, json: jsonOf(exchange) });
    }
    return out;
  }
}

export { SAFE_METHODS };
