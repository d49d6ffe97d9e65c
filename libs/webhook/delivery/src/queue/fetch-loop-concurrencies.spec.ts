import { fetchLoopConcurrencies } from './webhook-delivery.worker.js';

describe('fetchLoopConcurrencies', () => {
  it('keeps a small concurrency in one worker', () => {
    expect(fetchLoopConcurrencies(1)).toEqual([1]);
    expect(fetchLoopConcurrencies(16)).toEqual([16]);
  });

  it('splits a larger concurrency over parallel fetch loops without changing the total', () => {
    expect(fetchLoopConcurrencies(20)).toEqual([10, 10]);
    expect(fetchLoopConcurrencies(100)).toEqual([15, 15, 14, 14, 14, 14, 14]);
    for (const total of [17, 99, 100, 128, 129, 1000]) {
      const loops = fetchLoopConcurrencies(total);
      expect(loops.reduce((sum, slots) => sum + slots, 0)).toBe(total);
      expect(loops.length).toBeLessThanOrEqual(8);
      expect(Math.max(...loops) - Math.min(...loops)).toBeLessThanOrEqual(1);
    }
  });
});
