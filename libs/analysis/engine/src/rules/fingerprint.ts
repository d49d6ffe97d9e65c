import { createHash } from 'node:crypto';
import type { FindingLocation } from '../engine.types.js';

/**
 * sha256 hex of the rule id and the normalized location, so the same flaw at the same place keeps
 * its identity across runs (triage state and ticket links hang off it). Host, query string, line
 * numbers and evidence are left out on purpose: they change without the flaw changing.
 */
export function fingerprintOf(ruleId: string, location: FindingLocation): string {
  const method = (location.method ?? '').toUpperCase();
  const path = location.url ? normalizePath(new URL(location.url).pathname) : '';
  const pointer = location.pointer ?? '';
  return createHash('sha256').update([ruleId, method, path, pointer].join('\n')).digest('hex');
}

function normalizePath(pathname: string): string {
  const trimmed = pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return trimmed === '' ? '/' : trimmed;
}
