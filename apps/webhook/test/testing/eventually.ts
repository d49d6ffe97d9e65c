import { waitFor } from '@so/testing';

/**
 * `waitFor` from @so/testing with a description in the failure and a timeout suited to retried
 * deliveries; `false`, `null` and `undefined` mean "not yet".
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  try {
    return (await waitFor(check, timeoutMs)) as T;
  } catch (error) {
    throw new Error(`waiting for ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
