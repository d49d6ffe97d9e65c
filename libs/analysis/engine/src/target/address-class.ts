import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Instance-metadata endpoints of the big clouds. Most sit inside link-local or CGNAT ranges and
 * would be refused anyway; naming them lets the policy refuse them even when a broad CIDR is
 * allow-listed, because reaching them leaks cloud credentials.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean
  '169.254.170.2', // AWS ECS task metadata
  '169.254.169.253', // AWS VPC DNS
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

/** `public` or the reason the address is refused by default. */
export type AddressClass = 'public' | 'metadata' | string;

/**
 * Classifies an address the way the SSRF policy needs: only globally routable unicast counts as
 * public. Everything ipaddr.js puts in a special range (private, loopback, linkLocal,
 * carrierGradeNat, uniqueLocal, multicast, unspecified, reserved, 6to4, teredo, NAT64, ...) is
 * refused, since several of those embed an IPv4 address that could be private.
 */
export function classifyAddress(ip: Ip): AddressClass {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  const range = ip.range();
  return range === 'unicast' ? 'public' : range;
}

/** Parses an address and unwraps IPv4-mapped IPv6 (`::ffff:10.0.0.1` is 10.0.0.1). */
export function parseAddress(address: string): Ip {
  return ipaddr.process(address);
}

export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && parseAddress(address).range() === 'loopback';
}
