import { IDENTITY_TOKEN_MAX_AGE_MS } from '@so/shared';
import { RealtimeException } from '../realtime.exception.js';
import { DEFAULT_PREFERENCES } from '../realtime-preferences.js';
import type { RealtimeOptions } from '../realtime.options.js';
import type { RealtimeRedis } from '../realtime-redis.js';
import { RealtimeSubscriptionService, type Subscriber } from '../realtime-subscription.service.js';
import type { AnalysisStarter } from './analysis-starter.js';
import { StartAnalysisUseCase } from './start-analysis.usecase.js';

const NOW = 1_800_000_000_000;
const options: RealtimeOptions = {
  redisUrl: 'redis://127.0.0.1:1',
  internalToken: 'x'.repeat(16),
  corsOrigins: [],
  instanceId: 'test',
  maxSubscriptionsPerSocket: 1,
  maxMessageBytes: 1024,
  analysisGrpcUrl: '127.0.0.1:1',
  startDeadlineMs: 1000,
  startsPerMinute: 10,
};

/** The refusals that must happen before anything is counted or sent: no Redis, no analysis service. */
describe(StartAnalysisUseCase.name, () => {
  const calls: string[] = [];
  // Defining the rate limiter's script only registers it in the client: nothing reaches Redis.
  const nothingReachable = new Proxy({}, { get: (_target, name) => (name === 'defineCommand' ? () => undefined : () => calls.push(String(name))) });
  const useCase = new StartAnalysisUseCase(
    options,
    { pub: nothingReachable } as unknown as RealtimeRedis,
    { start: () => calls.push('start') } as unknown as AnalysisStarter,
    new RealtimeSubscriptionService(options),
  );
  const subscriber = (scopes: string[], issuedAt: number, rooms = 0): Subscriber => ({
    identity: { orgId: 'org-a', principalId: 'key-1', scopes },
    identityIssuedAt: issuedAt,
    preferences: DEFAULT_PREFERENCES,
    subscriptions: new Set(Array.from({ length: rooms }, (_, i) => `room-${i}`)),
    join: () => undefined,
    leave: () => undefined,
    emit: () => undefined,
  });
  const refusal = async (run: Promise<unknown>) => {
    const error = await run.then(() => undefined, (caught: unknown) => caught);
    return error instanceof RealtimeException ? error.errorCode : error;
  };
  const payload = { projectId: 'shop-api', targetUrl: 'http://127.0.0.1:8080' };

  afterEach(() => expect(calls).toEqual([]));

  it('needs analyses:write (or *) in the ticket', async () => {
    expect(await refusal(useCase.execute(subscriber(['realtime:subscribe', 'analyses:read'], NOW), payload, NOW))).toBe('FORBIDDEN');
  });

  it('needs a ticket younger than its lifetime, and says how to renew it', async () => {
    const stale = useCase.execute(subscriber(['*'], NOW - IDENTITY_TOKEN_MAX_AGE_MS - 1), payload, NOW);
    await expect(stale).rejects.toMatchObject({ errorCode: 'UNAUTHENTICATED', message: expect.stringContaining('RENEW_TOKEN') });
  });

  it('checks the payload shape and room for one more subscription first', async () => {
    expect(await refusal(useCase.execute(subscriber(['*'], NOW), { projectId: 'shop-api', unknown: 1 }, NOW))).toBe('INVALID_PAYLOAD');
    expect(await refusal(useCase.execute(subscriber(['*'], NOW, 1), payload, NOW))).toBe('TOO_MANY_SUBSCRIPTIONS');
  });
});
