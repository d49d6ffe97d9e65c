import { z } from 'zod';

/** Finding severities, least to most severe. */
export const FINDING_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * What one person (an org's principal) wants pushed to their sockets. Completion of a followed
 * analysis always arrives: it is what a dashboard waits for.
 */
export interface RealtimePreferences {
  /** ANALYSIS_PROGRESS messages (several per analysis). */
  progress: boolean;
  /** SECURITY_FINDING messages at this severity or above. */
  minSeverity: FindingSeverity;
}

export const DEFAULT_PREFERENCES: RealtimePreferences = { progress: true, minSeverity: 'info' };

/** SET_PREFERENCES: the fields to change; the others keep their values. */
export const preferencesUpdateSchema = z
  .object({
    progress: z.boolean({ message: 'must be true or false' }).optional(),
    minSeverity: z.enum(FINDING_SEVERITIES, { message: `must be one of ${FINDING_SEVERITIES.join(', ')}` }).optional(),
  })
  .strict()
  .refine((update) => update.progress !== undefined || update.minSeverity !== undefined, { message: 'give progress, minSeverity or both' });

/** A person's preferences as one instance tells the others about a change (see PREFERENCES_CHANGED). */
export const sharedPreferencesSchema = z.object({
  orgId: z.string().min(1),
  principalId: z.string().min(1),
  preferences: z.object({ progress: z.boolean(), minSeverity: z.enum(FINDING_SEVERITIES) }).strict(),
});

export function severitiesAtOrAbove(minimum: FindingSeverity): readonly FindingSeverity[] {
  return FINDING_SEVERITIES.slice(FINDING_SEVERITIES.indexOf(minimum));
}

/** Stored preferences as read back: anything unreadable falls back to the defaults, field by field. */
export function readPreferences(stored: unknown): RealtimePreferences {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof RealtimePreferences, unknown>>;
  return {
    progress: typeof value.progress === 'boolean' ? value.progress : DEFAULT_PREFERENCES.progress,
    minSeverity: (FINDING_SEVERITIES as readonly unknown[]).includes(value.minSeverity) ? (value.minSeverity as FindingSeverity) : DEFAULT_PREFERENCES.minSeverity,
  };
}
