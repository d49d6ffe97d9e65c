import { randomUUID } from 'node:crypto';
import { RealtimeException } from './realtime.exception.js';
import type { RealtimeOptions } from './realtime.options.js';
import { DEFAULT_PREFERENCES, type RealtimePreferences } from './realtime-preferences.js';
import { RealtimeSubscriptionService, type Subscriber } from './realtime-subscription.service.js';

const options: RealtimeOptions = {
  redisUrl: 'redis://127.0.0.1:6379',
  internalToken: 'x'.repeat(16),
  corsOrigins: [],
  instanceId: 'test',
  maxSubscriptionsPerSocket: 2,
  maxMessageBytes: 1024,
  analysisGrpcUrl: '127.0.0.1:1',
  startDeadlineMs: 1000,
  startsPerMinute: 1,
};

function subscriber(orgId: string, preferences: RealtimePreferences = DEFAULT_PREFERENCES): Subscriber & { rooms: Set<string>; left: string[] } {
  const rooms = new Set<string>();
  const left: string[] = [];
  return {
    identity: { orgId, principalId: 'p', scopes: [] },
    identityIssuedAt: Date.now(),
    preferences,
    subscriptions: new Set(),
    emit: () => undefined,
    rooms,
    left,
    join: (joined) => joined.forEach((room) => rooms.add(room)),
    leave: (room) => {
      if (rooms.delete(room)) left.push(room);
    },
  };
}

const ALL_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

describe(RealtimeSubscriptionService.name, () => {
  const service = new RealtimeSubscriptionService(options);

  it('joins rooms named after the verified org, whatever the payload says', async () => {
    const client = subscriber('org-a');
    const analysisId = randomUUID();
    await service.subscribeAnalysis(client, { analysisId, orgId: 'org-b' });
    await service.subscribeProject(client, { projectId: 'shop-api' });
    const analysis = `org:org-a:analysis:${analysisId}`;
    const project = 'org:org-a:project:shop-api';
    const following = (base: string) => [base, `${base}/progress`, ...ALL_SEVERITIES.map((severity) => `${base}/finding/${severity}`)];
    expect([...client.rooms]).toEqual([...following(analysis), ...following(project)]);
    await service.unsubscribeAnalysis(client, { analysisId });
    expect([...client.rooms]).toEqual(following(project));
  });

  it('joins only the message rooms the preferences ask for, and re-joins when they change', async () => {
    const client = subscriber('org-a', { progress: false, minSeverity: 'high' });
    await service.subscribeProject(client, { projectId: 'shop-api' });
    const project = 'org:org-a:project:shop-api';
    expect([...client.rooms]).toEqual([project, `${project}/finding/high`, `${project}/finding/critical`]);
    client.preferences = { progress: true, minSeverity: 'critical' };
    await service.applyPreferences(client);
    expect([...client.rooms].sort()).toEqual([project, `${project}/finding/critical`, `${project}/progress`].sort());
    expect([...client.subscriptions]).toEqual([project]);
    // Rooms kept across the change are never left, so their messages keep arriving meanwhile.
    expect(client.left).toEqual([`${project}/finding/high`]);
  });

  it('refuses more subscriptions than the per-socket limit', async () => {
    const client = subscriber('org-a');
    await service.subscribeAnalysis(client, { analysisId: randomUUID() });
    await service.subscribeAnalysis(client, { analysisId: randomUUID() });
    await expect(service.subscribeAnalysis(client, { analysisId: randomUUID() })).rejects.toMatchObject({ errorCode: 'TOO_MANY_SUBSCRIPTIONS' });
  });

  it.each([[undefined], ['text'], [{ analysisId: 42 }], [{ analysisId: 'abc' }]])('refuses the payload %p as INVALID_PAYLOAD', async (payload) => {
    await expect(service.subscribeAnalysis(subscriber('o'), payload)).rejects.toBeInstanceOf(RealtimeException);
    await expect(service.subscribeAnalysis(subscriber('o'), payload)).rejects.toMatchObject({ errorCode: 'INVALID_PAYLOAD' });
  });
});
