/** The scope that grants every other one (the bootstrap key, keys created without a list). */
export const ALL_SCOPES = '*';

/** True when scopes `granted` (a verified identity's) allow `required`. */
export function scopesAllow(granted: readonly string[], required: string): boolean {
  return granted.includes(ALL_SCOPES) || granted.includes(required);
}
