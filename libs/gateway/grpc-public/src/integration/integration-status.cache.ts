import type { AnyDomainEvent, orchestratorProto } from '@so/contracts';

type IntegrationResponse = orchestratorProto.IntegrationResponse;

export interface IntegrationStatusCacheOptions {
  /**
   * Longest an answer is served without asking the integration service (0 = no cache). Bounds how
   * old `message` and `last_checked_at` can be: they change on every push without an event.
   */
  ttlMs: number;
  /** Integrations remembered at once; the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  response: IntegrationResponse;
  expiresAt: number;
}

/**
 * GetIntegrationStatus answers, per org and integration, for `ttlMs`. A status change is seen at
 * once: the integration service writes `integration.status_changed` in the same transaction as the
 * new status (outbox), and the event drops the entry here as soon as the gateway's stream tail reads
 * it. A read that was already on its way when an event arrived is not stored (it may predate the
 * change), so an invalidation cannot be undone by a late answer. Only successful answers are kept.
 * Concurrent misses of one org and integration share one read (the org's calls are authorised
 * each on their own before they get here, and the integration service answers by org and id).
 */
export class IntegrationStatusCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { response: Promise<IntegrationResponse>; generation: number }>();
  private readonly maxEntries: number;
  /** Bumped by every invalidation; a load stores its answer only if none happened meanwhile. */
  private generation = 0;

  constructor(private readonly options: IntegrationStatusCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async read(orgId: string, integrationId: string, load: () => Promise<IntegrationResponse>): Promise<IntegrationResponse> {
    if (this.options.ttlMs <= 0) return load();
    const key = cacheKey(orgId, integrationId);
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.response;
    // Callers missing together (e.g. when an entry expires under load) share one read, unless an
    // event came since it began: then it may predate the change, and a new read is made.
    const pending = this.loading.get(key);
    if (pending && pending.generation === this.generation) return pending.response;
    const generation = this.generation;
    const response = load();
    this.loading.set(key, { response, generation });
    try {
      const answer = await response;
      // Aged from when the read began: the answer is at most that old when it expires.
      if (generation === this.generation) this.store(key, answer, now + this.options.ttlMs);
      return answer;
    } finally {
      if (this.loading.get(key)?.response === response) this.loading.delete(key);
    }
  }

  /** Feed of the domain event stream (EventStreamTail.subscribe). */
  readonly onEvent = (event: AnyDomainEvent): void => {
    if (event.type !== 'integration.status_changed') return;
    const integrationId = (event.data as { integrationId?: unknown }).integrationId;
    this.generation++;
    if (typeof integrationId === 'string') this.entries.delete(cacheKey(event.orgId, integrationId));
    // An event without an id cannot be matched to an entry: forget them all rather than serve a stale one.
    else this.entries.clear();
  };

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, response: IntegrationResponse, expiresAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { response, expiresAt });
  }
}

/** Integration ids are UUIDs, which Postgres matches in any letter case: one entry per integration, whatever the caller's case. */
function cacheKey(orgId: string, integrationId: string): string {
  return `${orgId}\u0000${integrationId.toLowerCase()}`;
}
