import { severitiesAtOrAbove, type FindingSeverity, type RealtimePreferences } from './realtime-preferences.js';

/**
 * Room names. Every room is prefixed with the org id, so a socket (which only ever joins rooms of
 * the org in its verified token) can never receive another org's events, whatever ids it guesses.
 */
export const analysisRoom = (orgId: string, analysisId: string): string => `org:${orgId}:analysis:${analysisId}`;

export const projectRoom = (orgId: string, projectId: string): string => `org:${orgId}:project:${projectId}`;

/** Every socket of an org on a namespace joins this room at connect (org-wide feeds such as integration status). */
export const orgRoom = (orgId: string): string => `org:${orgId}`;

/**
 * A followed analysis or project (the base room) is split into one room per kind of message, so
 * each socket receives what its owner's preferences ask for while emits stay room broadcasts
 * (shared between instances by the Redis adapter): completion goes to the base room itself.
 */
export const progressRoom = (base: string): string => `${base}/progress`;
export const findingRoom = (base: string, severity: FindingSeverity): string => `${base}/finding/${severity}`;

/** The rooms a socket joins to follow `base` with these preferences. */
export function followRooms(base: string, preferences: RealtimePreferences): string[] {
  return [
    base,
    ...(preferences.progress ? [progressRoom(base)] : []),
    ...severitiesAtOrAbove(preferences.minSeverity).map((severity) => findingRoom(base, severity)),
  ];
}

/** Every room following `base` may have joined, whatever the preferences were. */
export function allFollowRooms(base: string): string[] {
  return followRooms(base, { progress: true, minSeverity: 'info' });
}
