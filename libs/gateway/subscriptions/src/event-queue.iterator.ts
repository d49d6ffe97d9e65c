import type { AnyDomainEvent } from '@so/contracts';
import type { EventStreamTail } from './event-stream.tail.js';

export interface EventSelection<T> {
  /** The value to push for this event, or undefined to skip it. */
  select(event: AnyDomainEvent): T | undefined;
  /** True when this event is the last one of the subscription (e.g. an analysis finished). */
  isLast?(event: AnyDomainEvent): boolean;
}

/**
 * An async iterator over the events one subscription selected. A consumer slower than the stream
 * is cut off (the iterator throws) rather than buffering without bound.
 */
export function selectedEvents<T>(tail: EventStreamTail, selection: EventSelection<T>, maxBuffered = 1_000): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let failWaiting: ((error: Error) => void) | undefined;
  let done = false;
  let overflow = false;

  const finish = () => {
    done = true;
    unsubscribe();
  };
  const unsubscribe = tail.subscribe((event) => {
    if (done) return;
    const value = selection.select(event);
    if (value === undefined) return;
    const last = selection.isLast?.(event) ?? false;
    if (waiting) {
      const resolve = waiting;
      waiting = failWaiting = undefined;
      resolve({ value, done: false });
    } else if (buffer.length >= maxBuffered) {
      overflow = true;
      finish();
      return;
    } else {
      buffer.push(value);
    }
    if (last) finish();
  });

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (overflow) return Promise.reject(new Error('subscription consumer too slow: events dropped'));
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
    return() {
      finish();
      buffer.length = 0;
      const resolve = waiting;
      waiting = failWaiting = undefined;
      resolve?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      finish();
      failWaiting?.(error instanceof Error ? error : new Error(String(error)));
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
