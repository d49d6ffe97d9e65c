import { EVENT_TYPES, type EventType } from '@so/contracts';
import { WebhookException } from '@so/webhook-common';

/** The requested type of a test event: a catalogue type, or undefined (empty) for the endpoint's default. */
export function validateTestEventType(value: string | null | undefined): EventType | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!(EVENT_TYPES as readonly string[]).includes(value)) {
    throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_EVENT_TYPE', `unknown event type ${value}`, [
      { field: 'eventType', description: `must be one of ${EVENT_TYPES.join(', ')}` },
    ]);
  }
  return value as EventType;
}
