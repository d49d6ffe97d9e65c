import { adapterSubscriptionsSettled } from './realtime-adapter.js';

describe(adapterSubscriptionsSettled.name, () => {
  it('waits for the PING that follows the subscriptions', async () => {
    let answer: (value: string) => void = () => undefined;
    const ping = new Promise<string>((resolve) => (answer = resolve));
    let settled = false;
    const settling = adapterSubscriptionsSettled({ ping: () => ping }, 5_000).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    answer('PONG');
    await settling;
    expect(settled).toBe(true);
  });

  it('gives up after the timeout when Redis does not answer, and never rejects', async () => {
    const started = Date.now();
    await expect(adapterSubscriptionsSettled({ ping: () => new Promise<string>(() => undefined) }, 30)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await expect(adapterSubscriptionsSettled({ ping: () => Promise.reject(new Error('Connection is closed.')) }, 5_000)).resolves.toBeUndefined();
  });
});
