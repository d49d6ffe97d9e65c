import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { normalizeOutboundHost, parseOutboundAllowlist, type OutboundAllowlistEntry } from './outbound-allowlist.js';
import { OutboundRefusedError } from './outbound-refused.error.js';

export interface VettedOutboundAddress {
  address: string;
  family: 4 | 6;
}

export type OutboundHostResolver = (host: string) => Promise<VettedOutboundAddress[]>;

const CACHE_MAX_ENTRIES = 2_000;

/**
 * Keeps a service's outbound calls (connectors, deliveries) away from internal networks. A host is
 * resolved, and every address it resolves to must be public unicast unless the operator allow-list
 * permits the host or the address. `lookup` is meant to be the HTTP agent's connect lookup, so the
 * socket connects only to an address vetted here: a DNS answer that changes between the check and
 * the connect (rebinding) is vetted again rather than trusted. Vetted answers are cached briefly.
 */
export class OutboundAddressGuard {
  private readonly allowlist: OutboundAllowlistEntry[];
  private readonly cache = new Map<string, { addresses: VettedOutboundAddress[]; expiresAt: number }>();

  constructor(
    allowlist: readonly string[],
    /** The setting operators change to allow more (named in refusals), e.g. `INTEGRATION_ALLOWLIST`. */
    private readonly allowlistName: string,
    private readonly resolver: OutboundHostResolver = resolveWithDns,
    private readonly cacheTtlMs = 5_000,
  ) {
    const parsed = parseOutboundAllowlist(allowlist);
    if (parsed.invalid.length > 0) throw new Error(`invalid ${allowlistName} entries: ${parsed.invalid.join(', ')}`);
    this.allowlist = parsed.entries;
  }

  /** The addresses of `hostname` a call may connect to; throws OutboundRefusedError otherwise. */
  async resolve(hostname: string): Promise<VettedOutboundAddress[]> {
    const host = normalizeOutboundHost(hostname);
    const literal = isIP(host);
    if (literal !== 0) {
      const addresses: VettedOutboundAddress[] = [{ address: host, family: literal === 4 ? 4 : 6 }];
      this.vet(host, addresses);
      return addresses;
    }
    const cached = this.cache.get(host);
    if (cached && cached.expiresAt > Date.now()) return cached.addresses;
    const addresses = await this.resolver(host);
    if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
    this.vet(host, addresses);
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(host, { addresses, expiresAt: Date.now() + this.cacheTtlMs });
    return addresses;
  }

  /** Connect-time lookup for an HTTP agent (node:net signature), answering only vetted addresses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
        const first = usable[0];
        if (!first) {
          callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', undefined);
        } else if (options.all) {
          callback(null, usable.map((entry): LookupAddress => ({ address: entry.address, family: entry.family })));
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', undefined),
    );
  };

  /** Every address must pass: a mixed answer (one public, one internal) is refused as a whole. */
  private vet(host: string, addresses: VettedOutboundAddress[]): void {
    if (this.hostAllowed(host)) return;
    for (const { address } of addresses) {
      const parsed = ipaddr.process(address);
      const range = parsed.range();
      if (range === 'unicast' || this.addressAllowed(parsed)) continue;
      throw new OutboundRefusedError(host, address, range, this.allowlistName);
    }
  }

  private hostAllowed(host: string): boolean {
    return this.allowlist.some(
      (entry) => (entry.kind === 'host' && entry.host === host) || (entry.kind === 'suffix' && host.endsWith(entry.suffix)),
    );
  }

  private addressAllowed(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.allowlist.some((entry) => entry.kind === 'cidr' && entry.range[0].kind() === address.kind() && address.match(entry.range));
  }
}

function resolveWithDns(host: string): Promise<VettedOutboundAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });
}
