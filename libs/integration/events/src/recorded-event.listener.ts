import type { AnyDomainEvent } from '@so/contracts';
import type { RecordedOutcome } from './integration-event.recorder.js';

/** Injection token of an optional {@link RecordedEventListener} (the dispatch module provides one). */
export const RECORDED_EVENT_LISTENER = Symbol('RECORDED_EVENT_LISTENER');

/**
 * Acts on an event once it is recorded. Called for redeliveries too (`duplicate`), so work a crash
 * interrupted after recording is picked up again; the listener must be idempotent. A throw leaves
 * the event unacknowledged, and it is delivered again.
 */
export interface RecordedEventListener {
  onRecorded(event: AnyDomainEvent, outcome: RecordedOutcome): Promise<void>;
}
