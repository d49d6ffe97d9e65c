import { EVENT_TYPES } from '@so/contracts';
import { z } from 'zod';

/** True for a catalogue type, `*`, or a `prefix.*` wildcard that matches at least one catalogue type. */
export function isEventTypePattern(value: string): boolean {
  if (value === '*' || (EVENT_TYPES as readonly string[]).includes(value)) return true;
  if (!/^[a-z_]+\.\*$/.test(value)) return false;
  const prefix = value.slice(0, -1);
  return EVENT_TYPES.some((type) => type.startsWith(prefix));
}

/** Event types an endpoint subscribes to: catalogue types, `analysis.*`-style wildcards or `*`. */
export const eventTypePatternsField = () =>
  z
    .array(
      z
        .string({ message: 'must be a string' })
        .refine(isEventTypePattern, `must be *, a prefix wildcard such as analysis.*, or one of ${EVENT_TYPES.join(', ')}`),
    )
    .min(1, 'must list at least one event type')
    .max(50, 'must list at most 50 event types');
