import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('returns the first truthy value of the predicate', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? `done after ${calls}` : undefined), 1_000, 1)).resolves.toBe(
      'done after 3',
    );
  });

  it('treats a throwing predicate as not yet, and reports the last error on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('still booting');
        },
        50,
        5,
      ),
    ).rejects.toThrow(/not met within 50 ms \(last error: still booting\)/);
  });
});
