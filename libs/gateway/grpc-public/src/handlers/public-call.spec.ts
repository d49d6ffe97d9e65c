import { describe, expect, it } from '@jest/globals';
import { Metadata } from '@grpc/grpc-js';
import type { ApiKeyAuthenticator } from '@so/gateway-auth';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptCall, type ServerSurfaceCall } from './public-call.js';

/** Enough of a grpc-js server call: metadata, cancelled flag and event, deadline. */
function fakeCall(deadline: number = Infinity): ServerSurfaceCall & { cancel(): void; listeners(): number } {
  const events = new EventEmitter();
  const call = {
    metadata: new Metadata(),
    cancelled: false,
    getDeadline: () => deadline,
    on: (event: 'cancelled', listener: () => void) => events.on(event, listener),
    removeListener: (event: 'cancelled', listener: () => void) => events.removeListener(event, listener),
    cancel: () => {
      call.cancelled = true;
      events.emit('cancelled');
    },
    listeners: () => events.listenerCount('cancelled'),
  };
  return call;
}

const noAuthenticator = {} as ApiKeyAuthenticator;

describe(acceptCall.name, () => {
  it('registers nothing on the call until the signal is asked for', async () => {
    const call = fakeCall(Date.now() + 60_000);
    const accepted = await acceptCall(call, noAuthenticator, 'public', 'corr-1');
    expect(call.listeners()).toBe(0);
    expect(accepted.responseMetadata.get('x-correlation-id')).toEqual(['corr-1']);
    accepted.dispose();
    expect(call.listeners()).toBe(0);
  });

  it('aborts the signal when the client cancels, and stops listening once disposed', async () => {
    const call = fakeCall();
    const accepted = await acceptCall(call, noAuthenticator, 'public', 'corr-2');
    const signal = accepted.signal;
    expect(signal.aborted).toBe(false);
    expect(call.listeners()).toBe(1);
    call.cancel();
    expect(signal.aborted).toBe(true);
    accepted.dispose();
    expect(call.listeners()).toBe(0);
  });

  it('aborts when the deadline passes', async () => {
    const call = fakeCall(Date.now() + 30);
    const accepted = await acceptCall(call, noAuthenticator, 'public', 'corr-3');
    const signal = accepted.signal;
    await sleep(60);
    expect(signal.aborted).toBe(true);
    accepted.dispose();
  });

  it('a signal first asked for after a cancel or after the call ended starts aborted', async () => {
    const cancelled = fakeCall();
    const early = await acceptCall(cancelled, noAuthenticator, 'public', 'corr-4');
    cancelled.cancel();
    expect(early.signal.aborted).toBe(true);

    const ended = await acceptCall(fakeCall(), noAuthenticator, 'public', 'corr-5');
    ended.dispose();
    expect(ended.signal.aborted).toBe(true);
    expect((ended.signal.reason as Error).message).toBe('the call is over');
  });
});
