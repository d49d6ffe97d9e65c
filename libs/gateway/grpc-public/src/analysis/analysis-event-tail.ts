import type { AnyDomainEvent } from '@so/contracts';
import type { EventStreamTail } from '@so/gateway-subscriptions';

type Listener = (event: AnyDomainEvent) => void;

/**
 * The streaming RPCs' view of the gateway's one domain-event tail (the EventStreamTail that also
 * feeds GraphQL subscriptions and SSE): events indexed by analysis id, so each event costs one map
 * lookup however many calls are following analyses. A missed event is covered by the GetAnalysis
 * snapshot the followers take.
 */
export class AnalysisEventTail {
  private readonly listeners = new Map<string, Set<{ orgId: string; listener: Listener }>>();
  private started = false;
  private unsubscribeFromTail?: () => void;

  constructor(private readonly tail: EventStreamTail) {}

  start(): void {
    this.started = true;
    this.listenWhileFollowed();
  }

  stop(): void {
    this.started = false;
    this.listeners.clear();
    this.listenWhileFollowed();
  }

  /** Events of `analysisId` that belong to `orgId` reach `listener` until the returned function is called. */
  subscribe(analysisId: string, orgId: string, listener: Listener): () => void {
    const entry = { orgId, listener };
    let set = this.listeners.get(analysisId);
    if (!set) this.listeners.set(analysisId, (set = new Set()));
    set.add(entry);
    this.listenWhileFollowed();
    return () => {
      set.delete(entry);
      if (set.size === 0 && this.listeners.get(analysisId) === set) this.listeners.delete(analysisId);
      this.listenWhileFollowed();
    };
  }

  /**
   * On the tail only while some call follows an analysis: no-wait starts follow nothing, and a
   * listener of every type would make the tail parse every event of the stream for nobody. Joining
   * is synchronous, so a follower hears every event read after its subscribe returned.
   */
  private listenWhileFollowed(): void {
    const wanted = this.started && this.listeners.size > 0;
    if (wanted) this.unsubscribeFromTail ??= this.tail.subscribe((event) => this.dispatch(event));
    else if (this.unsubscribeFromTail) {
      this.unsubscribeFromTail();
      this.unsubscribeFromTail = undefined;
    }
  }

  private dispatch(event: AnyDomainEvent): void {
    const analysisId = (event.data as { analysisId?: unknown }).analysisId;
    if (typeof analysisId !== 'string') return;
    for (const { orgId, listener } of this.listeners.get(analysisId) ?? []) {
      if (event.orgId === orgId) listener(event);
    }
  }
}
