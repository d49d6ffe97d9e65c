/**
 * Bounded set of recently seen ids, evicting the oldest first. Real-time delivery is best effort, so
 * remembering the last few thousand event ids is enough to drop the redeliveries that at-least-once
 * consumption produces (they arrive soon after the original).
 */
export class RecentIdsCache {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  remember(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
