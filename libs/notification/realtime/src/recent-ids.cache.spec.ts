import { RecentIdsCache } from './recent-ids.cache.js';

describe(RecentIdsCache.name, () => {
  it('remembers ids and forgets the oldest beyond its capacity', () => {
    const cache = new RecentIdsCache(2);
    cache.remember('a');
    cache.remember('b');
    cache.remember('a');
    expect(cache.size).toBe(2);
    cache.remember('c');
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
    expect(cache.has('c')).toBe(true);
  });
});
