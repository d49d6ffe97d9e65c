import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

export type OutboundAllowlistEntry =
  | { kind: 'cidr'; source: string; range: [ipaddr.IPv4 | ipaddr.IPv6, number] }
  | { kind: 'host'; source: string; host: string }
  | { kind: 'suffix'; source: string; suffix: string };

const HOST_PATTERN = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/;

/** Lower-cases and strips IPv6 brackets and a trailing dot, the forms a URL hostname may take. */
export function normalizeOutboundHost(host: string): string {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (value.endsWith('.')) value = value.slice(0, -1);
  return value;
}

/**
 * Parses operator allow-list entries (e.g. `INTEGRATION_ALLOWLIST`): a CIDR (`10.0.0.0/8`,
 * `fd00::/8`), an IP, a host name (`jira.internal`) or a subdomain wildcard (`*.internal.example`).
 * Returns the invalid entries too, so config validation can name them.
 */
export function parseOutboundAllowlist(entries: readonly string[]): { entries: OutboundAllowlistEntry[]; invalid: string[] } {
  const parsed: OutboundAllowlistEntry[] = [];
  const invalid: string[] = [];
  for (const source of entries) {
    const value = normalizeOutboundHost(source);
    if (value.includes('/')) {
      try {
        parsed.push({ kind: 'cidr', source, range: ipaddr.parseCIDR(value) });
      } catch {
        invalid.push(source);
      }
    } else if (isIP(value) !== 0) {
      const address = ipaddr.parse(value);
      parsed.push({ kind: 'cidr', source, range: [address, address.kind() === 'ipv4' ? 32 : 128] });
    } else if (value.startsWith('*.') && HOST_PATTERN.test(value.slice(2))) {
      parsed.push({ kind: 'suffix', source, suffix: value.slice(1) });
    } else if (HOST_PATTERN.test(value)) {
      parsed.push({ kind: 'host', source, host: value });
    } else {
      invalid.push(source);
    }
  }
  return { entries: parsed, invalid };
}
