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
}

export interface CreateEndpointCommand {
  url: string;
  eventTypes: readonly string[];
  description?: string;
  /** Project key; empty or absent subscribes to every project of the org. */
  projectId?: string | null;
}

export interface CreatedEndpoint {
  endpoint: WebhookEndpointView;
  /** Standard Webhooks `whsec_...` signing secret, returned only here. */
  secret: string;
}
