/** How a source proves a request is its own. */
export type InboundScheme = 'standard-webhooks' | 'github' | 'hmac-header';
export const INBOUND_SCHEMES: readonly InboundScheme[] = ['standard-webhooks', 'github', 'hmac-header'];

export interface InboundSourceView {
  id: string;
  projectId: string;
  name: string;
  scheme: InboundScheme;
  /** hmac-header only: the header that carries the signature. */
  signatureHeader: string | null;
  toleranceSeconds: number;
  createdAt: Date;
}

export interface CreateInboundSourceCommand {
  projectId: string;
  name: string;
  scheme: string;
  signatureHeader?: string | null;
  toleranceSeconds?: number | null;
  /** The sender's secret when it chose one (e.g. a GitHub webhook secret); generated otherwise. */
  secret?: string | null;
}

export interface CreatedInboundSource {
  source: InboundSourceView;
  /** Shown once. */
  secret: string;
}

/** What the HTTP entry point hands the use case: the request exactly as received. */
export interface InboundRequest {
  sourceId: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer | undefined;
  contentType: string | undefined;
}

export interface InboundReceipt {
  id: string;
  /** True when this event id was already received from this source: acknowledged, not processed again. */
  duplicate: boolean;
  reanalysisRequested: boolean;
}
