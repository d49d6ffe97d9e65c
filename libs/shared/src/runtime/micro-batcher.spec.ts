import { MicroBatcher } from './micro-batcher.js';

describe('MicroBatcher', () => {
  it('sends items added in the same turn as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        return items.map((item) => item * 10);
      },
      maxBatchSize: 100,
      maxInFlight: 1,
    });

    const results = await Promise.all([1, 2, 3].map((item) => batcher.add(item)));

    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('keeps at most maxInFlight batches running and gathers what arrives meanwhile into the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstBatchDone = new Promise<void>((resolve) => (release = resolve));
    const batcher = new MicroBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        if (batches.length === 1) await firstBatchDone;
        return items;
      },
      maxBatchSize: 2,
      maxInFlight: 1,
    });

    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => batcher.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    release();

    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    // In order, capped at maxBatchSize.
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const batcher = new MicroBatcher<string, string>({
      run: async (items) => {
        if (items.includes('poison')) throw new Error(`cannot handle ${items.join(',')}`);
        return items.map((item) => item.toUpperCase());
      },
      maxBatchSize: 10,
      maxInFlight: 1,
    });

    const results = await Promise.allSettled(['a', 'poison', 'b'].map((item) => batcher.add(item)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('cannot handle poison') },
      { status: 'fulfilled', value: 'B' },
    ]);
  });

  it('rejects items that a batch answered no result for', async () => {
    const batcher = new MicroBatcher<number, number>({ run: async () => [], maxBatchSize: 10, maxInFlight: 1 });

    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);

    expect(results).toEqual([
      { status: 'rejected', reason: new Error('batch returned 0 results for 1 items') },
      { status: 'rejected', reason: new Error('batch returned 0 results for 1 items') },
    ]);
  });

  it('drains: resolves once everything added has settled', async () => {
    const settled: number[] = [];
    const batcher = new MicroBatcher<number, number>({
      run: async (items) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return items;
      },
      maxBatchSize: 1,
      maxInFlight: 1,
    });
    await batcher.drain();

    for (const item of [1, 2, 3]) void batcher.add(item).then((value) => settled.push(value));
    await batcher.drain();

    expect(settled).toEqual([1, 2, 3]);
  });
});

/** An operation that records the batches it was given and answers when told to. */
function recordingOperation(fail?: (inputs: number[]) => boolean) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (inputs: number[]): Promise<string[]> => {
    batches.push(inputs);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (fail?.(inputs)) throw new Error(`refused ${inputs.join(',')}`);
    return inputs.map((input) => `r${input}`);
  };
  const releaseAll = async () => {
    // Batches started by a release are released by the next rounds.
    for (let round = 0; round < 10; round++) {
      gates.splice(0).forEach((open) => open());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, run, releaseAll };
}

describe('MicroBatcher without collectSameTurn (one item per request)', () => {
  it('sends a lone item without waiting for a turn and groups the items added meanwhile into the next batch', async () => {
    const operation = recordingOperation();
    const batcher = new MicroBatcher({ run: operation.run, maxBatchSize: 100, maxInFlight: 1, collectSameTurn: false });
    const results = [batcher.add(1)];
    await Promise.resolve();
    expect(operation.batches).toEqual([[1]]);
    results.push(...[2, 3, 4].map((input) => batcher.add(input)));
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(operation.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('sends the items one synchronous loop added as one batch, not the first alone', async () => {
    const operation = recordingOperation();
    const batcher = new MicroBatcher({ run: operation.run, maxBatchSize: 100, maxInFlight: 2, collectSameTurn: false });
    const results = [1, 2, 3, 4].map((input) => batcher.add(input));
    expect(operation.batches).toEqual([]);
    await Promise.resolve();
    expect(operation.batches).toEqual([[1, 2, 3, 4]]);
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('keeps at most maxInFlight batches of at most maxBatchSize items running', async () => {
    const operation = recordingOperation();
    const batcher = new MicroBatcher({ run: operation.run, maxBatchSize: 2, maxInFlight: 2, collectSameTurn: false });
    const results = [1, 2, 3, 4, 5, 6, 7].map((input) => batcher.add(input));
    await Promise.resolve();
    expect(operation.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect(operation.batches.slice(2)).toEqual([[5, 6], [7]]);
  });

  it('with overlapAt, opens a second batch beside one in flight only once that many items wait', async () => {
    const operation = recordingOperation();
    const batcher = new MicroBatcher({
      run: operation.run,
      maxBatchSize: 3,
      maxInFlight: 2,
      collectSameTurn: false,
      overlapAt: 3,
    });
    const results = [batcher.add(1)];
    await Promise.resolve();
    results.push(batcher.add(2), batcher.add(3));
    await new Promise((resolve) => setImmediate(resolve));
    // Two waiting beside a batch in flight: not enough for the second slot.
    expect(operation.batches).toEqual([[1]]);
    results.push(batcher.add(4));
    await Promise.resolve();
    expect(operation.batches).toEqual([[1], [2, 3, 4]]);
    results.push(batcher.add(5));
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(operation.batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('sends the items of a failed batch alone, so only the failing item gets the error', async () => {
    const operation = recordingOperation((inputs) => inputs.includes(3));
    const batcher = new MicroBatcher({ run: operation.run, maxBatchSize: 100, maxInFlight: 1, collectSameTurn: false });
    const results = [1, 2, 3, 4].map((input) => batcher.add(input).catch((error: Error) => error.message));
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'refused 3', 'r4']);
    expect(operation.batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });
});
