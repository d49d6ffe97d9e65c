/** Injection token of {@link IntegrationManagementOptions}. */
export const INTEGRATION_MANAGEMENT_OPTIONS = Symbol('INTEGRATION_MANAGEMENT_OPTIONS');

export interface IntegrationManagementOptions {
  /** Verifies the identity the gateway forwards in gRPC metadata. */
  internalToken: string;
  /** 32-byte key that encrypts integration credentials at rest. */
  secretsKey: Buffer;
}
