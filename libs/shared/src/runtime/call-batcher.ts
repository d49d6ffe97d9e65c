interface PendingCall<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one hot operation (a database statement, a queue add): calls made while
 * `maxInFlight` batches are running wait and then go together as one multi-row operation, so under
 * load the round trips grow with the number of batches, not of calls. A call made when the
 * operation is idle runs at once, alone: no added latency.
 *
 * `execute(inputs)` must return one output per input, in the same order. When a batch fails, each
 * of its calls is run again alone, so every caller gets its own result or its own error (one
 * request's unique violation must not fail the others that happened to share its batch).
 */
export class CallBatcher<I, O> {
  private queued: Array<PendingCall<I, O>> = [];
  private inFlight = 0;

  constructor(
    private readonly execute: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 200,
    private readonly maxInFlight = 2,
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.maxBatch);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async runBatch(batch: Array<PendingCall<I, O>>): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.execute(batch.map((call) => call.input));
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else await Promise.all(batch.map((call) => this.runAlone(call)));
      return;
    }
    batch.forEach((call, index) => call.resolve(outputs[index] as O));
  }

  private async runAlone(call: PendingCall<I, O>): Promise<void> {
    try {
      const [output] = await this.execute([call.input]);
      call.resolve(output as O);
    } catch (error) {
      call.reject(error);
    }
  }
}
