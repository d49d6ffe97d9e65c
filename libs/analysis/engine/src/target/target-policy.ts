import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InvalidTargetError, TargetNotAllowedError, TargetUnreachableError } from '../errors/engine.errors.js';
import { classifyAddress, parseAddress } from './address-class.js';
import { AllowList } from './allow-list.js';

/** A target that passed the SSRF policy; every connection must go to `address` and nowhere else. */
export interface VettedTarget {
  /** Normalized URL, credentials removed (they must never reach evidence or logs). */
  url: URL;
  /** Host name without IPv6 brackets, used for SNI and the Host header. */
  hostname: string;
  /** The one address connections are pinned to. */
  address: string;
  family: 4 | 6;
  /** True when the pinned address is loopback (plain http there is a local setup, not a flaw). */
  loopback: boolean;
}

export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Keeps the scanner from being an SSRF tool: only http(s), and only globally routable addresses
 * unless the operator's allow-list names the host or a CIDR containing the address. The caller
 * must connect to `VettedTarget.address` (see `createPinnedAgent`), so a second DNS answer
 * (rebinding) can never redirect the probe.
 */
export class TargetPolicy {
  private readonly allowList: AllowList;

  constructor(
    allowList: readonly string[],
    private readonly resolve: HostResolver = systemResolver,
  ) {
    this.allowList = new AllowList(allowList);
  }

  async vet(rawUrl: string): Promise<VettedTarget> {
    const url = parseTargetUrl(rawUrl);
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const candidates = await this.addressesOf(hostname);
    const hostAllowed = this.allowList.permitsHost(hostname);
    const refused: string[] = [];
    for (const candidate of candidates) {
      const verdict = this.judge(candidate.address, hostAllowed);
      if (verdict === 'ok') {
        const family = candidate.family === 6 ? 6 : 4;
        const loopback = parseAddress(candidate.address).range() === 'loopback';
        return { url, hostname, address: candidate.address, family, loopback };
      }
      refused.push(`${candidate.address} (${verdict})`);
    }
    throw new TargetNotAllowedError(
      `target ${url.origin} is not allowed: ${hostname} resolves to ${refused.join(', ')}; ` +
        'add the host or a CIDR to TARGET_ALLOWLIST to scan it on purpose',
    );
  }

  private judge(address: string, hostAllowed: boolean): 'ok' | string {
    const ip = parseAddress(address);
    const kind = classifyAddress(ip);
    if (kind === 'public' || hostAllowed) return 'ok';
    if (kind === 'metadata') return this.allowList.permitsExactAddress(ip) ? 'ok' : 'cloud metadata';
    return this.allowList.permitsAddress(ip) ? 'ok' : kind;
  }

  private async addressesOf(hostname: string): Promise<Array<{ address: string; family: number }>> {
    const literal = isIP(hostname);
    if (literal) return [{ address: hostname, family: literal }];
    try {
      const found = await this.resolve(hostname);
      if (found.length === 0) throw new Error('no addresses');
      return found;
    } catch (error) {
      throw new TargetUnreachableError(`cannot resolve host ${hostname}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}

/** Validates and vets one URL; resolves to the address connections must be pinned to. */
export function assertTargetAllowed(url: string, allowList: readonly string[]): Promise<VettedTarget> {
  return new TargetPolicy(allowList).vet(url);
}

export function parseTargetUrl(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl.trim());
  } catch {
    throw new InvalidTargetError(`target URL is malformed: ${JSON.stringify(rawUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidTargetError(`target URL must use http or https, got ${url.protocol.replace(/:$/, '')}`);
  }
  if (!url.hostname) throw new InvalidTargetError(`target URL has no host: ${JSON.stringify(rawUrl)}`);
  url.username = '';
  url.password = '';
  url.hash = '';
  return url;
}
