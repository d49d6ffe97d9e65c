import { describe, expect, it } from '@jest/globals';
import { createDomainEvent, orchestratorProto, type AnyDomainEvent } from '@so/contracts';
import { DomainException } from '@so/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { IntegrationStatusCache } from './integration-status.cache.js';

const { IntegrationStatus } = orchestratorProto;
const ID = '6f1c1b8e-7d1a-4c55-9a55-0f1e2d3c4b5a';

function answer(status: orchestratorProto.IntegrationStatus, message = 'ok'): orchestratorProto.IntegrationResponse {
  return { integrationId: ID, status, message, lastCheckedAt: '' };
}

function statusChanged(orgId: string, integrationId: string): AnyDomainEvent {
  return createDomainEvent({
    type: 'integration.status_changed',
    orgId,
    projectId: 'p',
    correlationId: 'c',
    data: { integrationId, status: 'ERROR', previousStatus: 'ACTIVE', message: 'down' },
  });
}

/** A load function that answers what `current` says and counts its calls. */
function source(initial: orchestratorProto.IntegrationResponse) {
  const state = { current: initial, loads: 0 };
  return Object.assign(state, {
    load: async () => {
      state.loads++;
      return state.current;
    },
  });
}

describe(IntegrationStatusCache.name, () => {
  it('answers repeats from memory within the TTL, per org', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const peer = source(answer(IntegrationStatus.ACTIVE));
    await cache.read('org-a', ID, peer.load);
    peer.current = answer(IntegrationStatus.ERROR);
    expect(await cache.read('org-a', ID, peer.load)).toMatchObject({ status: IntegrationStatus.ACTIVE });
    expect(peer.loads).toBe(1);
    // Another org asking for the same id never sees org-a's answer.
    expect(await cache.read('org-b', ID, peer.load)).toMatchObject({ status: IntegrationStatus.ERROR });
    expect(peer.loads).toBe(2);
  });

  it('sees a status change as soon as its event arrives, only for that org and integration', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const peer = source(answer(IntegrationStatus.ACTIVE));
    await cache.read('org-a', ID, peer.load);
    await cache.read('org-b', ID, peer.load);
    peer.current = answer(IntegrationStatus.ERROR);
    cache.onEvent(statusChanged('org-a', ID));
    expect(await cache.read('org-a', ID, peer.load)).toMatchObject({ status: IntegrationStatus.ERROR });
    expect(await cache.read('org-b', ID, peer.load)).toMatchObject({ status: IntegrationStatus.ACTIVE });
    expect(peer.loads).toBe(3);
  });

  it('matches an id asked for in upper case to the event, which names it in lower case', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const peer = source(answer(IntegrationStatus.ACTIVE));
    await cache.read('org-a', ID.toUpperCase(), peer.load);
    peer.current = answer(IntegrationStatus.ERROR);
    cache.onEvent(statusChanged('org-a', ID));
    expect(await cache.read('org-a', ID.toUpperCase(), peer.load)).toMatchObject({ status: IntegrationStatus.ERROR });
  });

  it('does not keep an answer that was on its way when a change event arrived', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    let release!: () => void;
    const slow = cache.read('org-a', ID, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return answer(IntegrationStatus.ACTIVE);
    });
    await sleep(0);
    cache.onEvent(statusChanged('org-a', ID));
    release();
    expect(await slow).toMatchObject({ status: IntegrationStatus.ACTIVE });
    const peer = source(answer(IntegrationStatus.ERROR));
    expect(await cache.read('org-a', ID, peer.load)).toMatchObject({ status: IntegrationStatus.ERROR });
    expect(peer.loads).toBe(1);
  });

  it('lets concurrent misses share one read, but not a read that began before a change event', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const releases: Array<() => void> = [];
    let current = answer(IntegrationStatus.ACTIVE);
    let loads = 0;
    const load = async () => {
      loads++;
      const value = current;
      await new Promise<void>((resolve) => releases.push(resolve));
      return value;
    };
    const together = [cache.read('org-a', ID, load), cache.read('org-a', ID, load), cache.read('org-a', ID, load)];
    expect(loads).toBe(1);
    current = answer(IntegrationStatus.ERROR);
    cache.onEvent(statusChanged('org-a', ID));
    const afterEvent = cache.read('org-a', ID, load);
    expect(loads).toBe(2);
    releases.forEach((release) => release());
    expect((await Promise.all(together)).map((r) => r.status)).toEqual([IntegrationStatus.ACTIVE, IntegrationStatus.ACTIVE, IntegrationStatus.ACTIVE]);
    expect(await afterEvent).toMatchObject({ status: IntegrationStatus.ERROR });
    // The post-event read was kept; the pre-event one was not.
    expect(await cache.read('org-a', ID, load)).toMatchObject({ status: IntegrationStatus.ERROR });
    expect(loads).toBe(2);
  });

  it('asks again once the TTL has passed (message and last_checked_at change without an event)', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 50 });
    const peer = source(answer(IntegrationStatus.ACTIVE, 'pushed 1 finding'));
    await cache.read('org-a', ID, peer.load);
    peer.current = answer(IntegrationStatus.ACTIVE, 'pushed 2 findings');
    await sleep(80);
    expect(await cache.read('org-a', ID, peer.load)).toMatchObject({ message: 'pushed 2 findings' });
    expect(peer.loads).toBe(2);
  });

  it('never keeps errors; other events and a TTL of 0 leave it out of the way', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const missing = () => Promise.reject(new DomainException('NOT_FOUND', 'INTEGRATION.NOT_FOUND', 'not found'));
    await expect(cache.read('org-a', ID, missing)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    const peer = source(answer(IntegrationStatus.INACTIVE));
    expect(await cache.read('org-a', ID, peer.load)).toMatchObject({ status: IntegrationStatus.INACTIVE });
    cache.onEvent(createDomainEvent({ type: 'analysis.started', orgId: 'org-a', projectId: 'p', correlationId: 'c', data: { analysisId: ID, targetUrl: null } }));
    expect(cache.size).toBe(1);

    const uncached = new IntegrationStatusCache({ ttlMs: 0 });
    await uncached.read('org-a', ID, peer.load);
    await uncached.read('org-a', ID, peer.load);
    expect(peer.loads).toBe(3);
    expect(uncached.size).toBe(0);
  });

  it('forgets everything when a change event names no integration', async () => {
    const cache = new IntegrationStatusCache({ ttlMs: 60_000 });
    const peer = source(answer(IntegrationStatus.ACTIVE));
    await cache.read('org-a', ID, peer.load);
    const event = statusChanged('org-a', ID);
    cache.onEvent({ ...event, data: {} } as unknown as AnyDomainEvent);
    expect(cache.size).toBe(0);
  });
});
