import { CallBatcher } from './call-batcher.js';

/** An operation that records the batches it was given and answers when told to. */
function recordingOperation(fail?: (inputs: number[]) => boolean) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const execute = async (inputs: number[]): Promise<string[]> => {
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
  return { batches, execute, releaseAll };
}

describe('CallBatcher', () => {
  it('runs a lone call at once and groups the calls made meanwhile into the next batch', async () => {
    const operation = recordingOperation();
    const batcher = new CallBatcher(operation.execute, 100, 1);
    const results = [1, 2, 3, 4].map((input) => batcher.run(input));
    expect(operation.batches).toEqual([[1]]);
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(operation.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps at most maxInFlight batches of at most maxBatch calls running', async () => {
    const operation = recordingOperation();
    const batcher = new CallBatcher(operation.execute, 2, 2);
    const results = [1, 2, 3, 4, 5, 6, 7].map((input) => batcher.run(input));
    expect(operation.batches).toEqual([[1], [2]]);
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect(operation.batches.slice(2)).toEqual([[3, 4], [5, 6], [7]]);
  });

  it('runs the calls of a failed batch alone, so only the failing call gets the error', async () => {
    const operation = recordingOperation((inputs) => inputs.includes(3));
    const batcher = new CallBatcher(operation.execute, 100, 1);
    const results = [1, 2, 3, 4].map((input) => batcher.run(input).catch((error: Error) => error.message));
    await operation.releaseAll();
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'refused 3', 'r4']);
    expect(operation.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
