import type { WebhookSigningScheme } from '@so/webhook-data-access';

/** What the outside may see of an endpoint (never the secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
  projectId: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  rateLimitPerSecond: number | null;
  headers: Record<string, string>;
  filter: Record<string, unknown> | null;
  signingScheme: WebhookSigningScheme;
  /** `whpk_` key partners verify `v1a` signatures with (ed25519 endpoints only). */
  publicKey: string | null;
  /** One message at a time, in event order. */
  ordered: boolean;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
  consecutiveFailures: number;
}

export interface CreateEndpointCommand {
  url: string;
  eventTypes: readonly string[];
  description?: string;
  /** Project key; empty or absent subscribes to every project of the org. */
  projectId?: string | null;
  /** 0 or absent = unlimited. */
  rateLimitPerSecond?: number | null;
  headers?: Record<string, string> | null;
  /** JSON text of an object the event envelope must contain; empty = no filter. */
  filterJson?: string | null;
  /** `hmac` (default) or `ed25519`. */
  signingScheme?: string | null;
  /** Strict per-endpoint ordering; default false. */
  ordered?: boolean;
}

export interface UpdateEndpointCommand {
  url?: string;
  /** Replaces the event types when present. */
  eventTypes?: readonly string[];
  description?: string;
  enabled?: boolean;
  /** 0 removes the limit. */
  rateLimitPerSecond?: number;
  /** Replaces the custom headers when present. */
  headers?: Record<string, string>;
  /** "" removes the filter. */
  filterJson?: string;
  ordered?: boolean;
}

export interface CreatedEndpoint {
  endpoint: WebhookEndpointView;
  /** Standard Webhooks `whsec_...` signing secret (hmac endpoints), returned only here; empty for ed25519. */
  secret: string;
}

export interface RotatedSecret {
  /** The new `whsec_` secret (hmac); empty for ed25519, whose partners only need the public key. */
  secret: string;
  publicKey: string | null;
  previousSecretExpiresAt: Date;
}
