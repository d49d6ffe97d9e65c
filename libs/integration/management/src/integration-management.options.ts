/** Injection token of {@link IntegrationManagementOptions}. */
export const INTEGRATION_MANAGEMENT_OPTIONS = Symbol('INTEGRATION_MANAGEMENT_OPTIONS');

export interface IntegrationManagementOptions {
  /** Verifies the identity the gateway forwards in gRPC metadata. */
  internalToken: string;
  /** 32-byte key that encrypts integration credentials at rest. */
  secretsKey: Buffer;
  /** Hosts/CIDRs integrations may target although private or loopback (INTEGRATION_ALLOWLIST). */
  outboundAllowlist?: readonly string[];
}
