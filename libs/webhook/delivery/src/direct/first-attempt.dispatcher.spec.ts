import type { WebhookRuntimeOptions } from '@so/webhook-common';
import { WebhookEndpointEntity, WebhookMessageEntity } from '@so/webhook-data-access';
import { FirstAttemptDispatcher } from './first-attempt.dispatcher.js';
import type { ClaimedMessage, FirstAttemptService, HandOver } from './first-attempt.service.js';

/** Records what the dispatcher asks of the first-attempt service; attempts end when the test says so. */
class RecordingAttempts {
  readonly sent: string[] = [];
  readonly handedOver: Array<{ id: string; how: HandOver }> = [];
  private readonly finish = new Map<string, () => void>();

  send(claimed: ClaimedMessage): Promise<void> {
    this.sent.push(claimed.target.message.id);
    return new Promise((resolve) => this.finish.set(claimed.target.message.id, resolve));
  }

  handOver(claimed: ClaimedMessage, how: HandOver): Promise<void> {
    this.handedOver.push({ id: claimed.target.message.id, how });
    return Promise.resolve();
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  end(id: string): void {
    this.finish.get(id)?.();
  }
}

function claimed(id: string, claimedAt = Date.now()): ClaimedMessage {
  return {
    target: {
      message: Object.assign(new WebhookMessageEntity(), { id }),
      endpoint: Object.assign(new WebhookEndpointEntity(), { id: 'endpoint' }),
    },
    body: '{}',
    correlationId: 'c',
    claimedAt,
  };
}

const turns = () => new Promise((resolve) => setImmediate(resolve));

describe(FirstAttemptDispatcher.name, () => {
  const options = { deliveryConcurrency: 2, claimTimeoutMs: 10_000, timeoutMs: 2_000 } as WebhookRuntimeOptions;
  let attempts: RecordingAttempts;
  let dispatcher: FirstAttemptDispatcher;

  beforeEach(() => {
    attempts = new RecordingAttempts();
    dispatcher = new FirstAttemptDispatcher(attempts as unknown as FirstAttemptService, options);
  });

  it('runs at most the delivery concurrency at once and starts the next as one ends', async () => {
    await dispatcher.submit(['m1', 'm2', 'm3'].map((id) => claimed(id)));
    expect(attempts.sent).toEqual(['m1', 'm2']);
    expect(dispatcher.load).toBe(3);
    attempts.end('m1');
    await turns();
    expect(attempts.sent).toEqual(['m1', 'm2', 'm3']);
  });

  it('holds the submitter back while more than the line limit wait', async () => {
    // Line limit: max(concurrency, 200) waiting messages.
    let resolved = false;
    const submitted = dispatcher
      .submit(Array.from({ length: 203 }, (_, index) => claimed(`m${index}`)))
      .then(() => (resolved = true));
    await turns();
    expect(resolved).toBe(false);
    attempts.end('m0');
    await turns();
    expect(resolved).toBe(true);
    await submitted;
  });

  it('hands a message that waited too long for its claim to cover an attempt to the queue instead', async () => {
    // Longest wait in line: (claim timeout - attempt timeout) / 2 = 4 s.
    await dispatcher.submit([claimed('stale', Date.now() - 4_500), claimed('fresh')]);
    await turns();
    expect(attempts.sent).toEqual(['fresh']);
    expect(attempts.handedOver).toEqual([{ id: 'stale', how: {} }]);
  });

  it('on shutdown hands waiting messages to the queue, lets running attempts finish, and queues later ones', async () => {
    await dispatcher.submit(['m1', 'm2', 'm3', 'm4'].map((id) => claimed(id)));
    let stopped = false;
    const stopping = dispatcher.beforeApplicationShutdown().then(() => (stopped = true));
    await turns();
    expect(attempts.handedOver.map((h) => h.id)).toEqual(['m3', 'm4']);
    expect(stopped).toBe(false);
    attempts.end('m1');
    attempts.end('m2');
    await stopping;
    await dispatcher.submit([claimed('late')]);
    expect(attempts.sent).toEqual(['m1', 'm2']);
    expect(attempts.handedOver.map((h) => h.id)).toEqual(['m3', 'm4', 'late']);
  });
});
