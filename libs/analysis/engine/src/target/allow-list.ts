import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Operator exceptions to the SSRF policy (`TARGET_ALLOWLIST`): host names (exact, or `*.suffix`),
 * single addresses and CIDRs. Unparseable entries are kept as host names, so a typo can only
 * permit less, never more.
 */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly wildcardSuffixes: string[] = [];
  private readonly cidrs: Array<[Ip, number]> = [];

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1');
      if (!entry) continue;
      const cidr = parseCidr(entry);
      if (cidr) this.cidrs.push(cidr);
      else if (entry.startsWith('*.')) this.wildcardSuffixes.push(entry.slice(1));
      else this.hosts.add(stripDot(entry));
    }
  }

  permitsHost(hostname: string): boolean {
    const host = stripDot(hostname.toLowerCase());
    return this.hosts.has(host) || this.wildcardSuffixes.some((suffix) => host.endsWith(suffix));
  }

  /** Any listed range that contains the address. */
  permitsAddress(ip: Ip): boolean {
    return this.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
  }

  /**
   * Only an entry naming this very address (or a full-length prefix). Cloud-metadata addresses need
   * this: listing `169.254.0.0/16` for a lab network must not open the credentials endpoint.
   */
  permitsExactAddress(ip: Ip): boolean {
    const fullLength = ip.kind() === 'ipv4' ? 32 : 128;
    return this.cidrs.some(([net, bits]) => bits === fullLength && net.kind() === ip.kind() && ip.match(net, bits));
  }
}

function parseCidr(entry: string): [Ip, number] | undefined {
  try {
    if (entry.includes('/')) {
      // parseCIDR keeps IPv4-mapped IPv6 ranges as IPv6; they then match nothing, which is the safe side.
      return ipaddr.parseCIDR(entry);
    }
    if (ipaddr.isValid(entry)) {
      const ip = ipaddr.process(entry);
      return [ip, ip.kind() === 'ipv4' ? 32 : 128];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function stripDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
