/**
 * Group commit for hot-path round trips: calls made while the event loop is busy are collected and
 * sent as one statement (or one pipeline), and each caller's promise settles with its own result
 * once that statement is done. Nothing is acknowledged early: a caller resumes only after its item
 * was written (or read), exactly as with one round trip per item.
 *
 * At low load a batch holds a single item and leaves on the next turn of the event loop
 * (setImmediate; with `collectSameTurn: false`, as soon as the code that added it yields), so latency
 * barely moves; under load, items pile up while earlier batches are in flight and leave together,
 * which is what makes the per-item cost drop.
 *
 * `run` must be all-or-nothing (one statement, or idempotent): when a batch fails, each of its items
 * is retried alone, so one bad item (a poison event, a constraint violation) fails only its own
 * caller instead of every item that happened to share its batch.
 */
export interface MicroBatcherOptions<In, Out> {
  /** Runs one batch; must return one result per item, in the same order. */
  run: (items: In[]) => Promise<Out[]>;
  /** Largest batch sent at once. */
  maxBatchSize: number;
  /** Batches in flight at once; further items wait and join the next batch. */
  maxInFlight: number;
  /**
   * true (default): an idle batcher waits for the end of the current event-loop turn, so items
   * added together in one turn (a fan-out loop) leave as one batch. false: an idle batcher sends as
   * soon as the code that added the item yields (a microtask), for callers that each add one item
   * per request and must not wait a turn; items added by one synchronous loop (the starts of one
   * batched call) still leave together instead of the first one alone.
   */
  collectSameTurn?: boolean;
  /**
   * While a batch is in flight, another leaves only once this many items wait (default 1: as soon
   * as one does). Set to `maxBatchSize`, the extra slots carry only full batches: under load the
   * items gather into few large batches (each costs a round trip and a statement on the other side)
   * instead of the second slot leaving half-empty every time the first one is busy.
   */
  overlapAt?: number;
}

/**
 * Settings for request paths where each caller adds one item (a start, a claim, a queue add): an
 * idle batcher sends as soon as the adding code yields (no event-loop turn), up to two batches of
 * 200 in flight, the rest joins the next batch.
 */
export const PER_REQUEST_BATCHING = { maxBatchSize: 200, maxInFlight: 2, collectSameTurn: false } as const;

interface Pending<In, Out> {
  item: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every item added so far has been sent and settled (for an orderly shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || !this.mayDispatch()) return;
    this.scheduled = true;
    if (this.options.collectSameTurn === false) queueMicrotask(this.flush);
    else setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.dispatch();
  };

  /** A free slot, and enough waiting to use it: anything when idle, `overlapAt` items beside a batch in flight. */
  private mayDispatch(): boolean {
    if (this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) return false;
    return this.inFlight === 0 || this.queue.length >= (this.options.overlapAt ?? 1);
  }

  private dispatch(): void {
    while (this.mayDispatch()) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight += 1;
      void this.send(batch);
    }
  }

  private async send(batch: Pending<In, Out>[]): Promise<void> {
    try {
      try {
        this.settle(batch, await this.runChecked(batch));
      } catch (error) {
        if (batch.length === 1) throw error;
        await Promise.all(
          batch.map(async (pending) => {
            try {
              this.settle([pending], await this.runChecked([pending]));
            } catch (itemError) {
              pending.reject(itemError);
            }
          }),
        );
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      this.schedule();
      if (this.queue.length === 0 && this.inFlight === 0) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    }
  }

  private async runChecked(batch: Pending<In, Out>[]): Promise<Out[]> {
    const results = await this.options.run(batch.map((pending) => pending.item));
    if (results.length !== batch.length) {
      throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
    }
    return results;
  }

  private settle(batch: Pending<In, Out>[], results: Out[]): void {
    batch.forEach((pending, index) => pending.resolve(results[index] as Out));
  }
}
