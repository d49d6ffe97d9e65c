/**
 * Room names. Every room is prefixed with the org id, so a socket (which only ever joins rooms of
 * the org in its verified token) can never receive another org's events, whatever ids it guesses.
 */
export const analysisRoom = (orgId: string, analysisId: string): string => `org:${orgId}:analysis:${analysisId}`;

export const projectRoom = (orgId: string, projectId: string): string => `org:${orgId}:project:${projectId}`;

/** Every socket of an org on a namespace joins this room at connect (org-wide feeds such as integration status). */
export const orgRoom = (orgId: string): string => `org:${orgId}`;
