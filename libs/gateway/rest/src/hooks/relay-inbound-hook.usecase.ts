import { Injectable } from '@nestjs/common';
import { WebhookInboundGrpcClient } from '@so/gateway-grpc';
import { DomainException, isDomainException, type CallerIdentity } from '@so/shared';
import type { InboundReceiptView } from '../webhooks/inbound-source.view.js';
import { relayableInboundHeaders } from './inbound-hook-headers.js';

/**
 * The gateway vouches only that the request came through its public edge: there is no API key and so
 * no org. The webhook service takes the org from the source and authenticates the sender by signature.
 */
const PUBLIC_EDGE: CallerIdentity = { orgId: '', principalId: 'gateway:inbound-hook', scopes: [] };
/** How the webhook service reports a sender whose signature does not verify (PERMISSION_DENIED on gRPC). */
const BAD_SIGNATURE = 'WEBHOOK.INBOUND_BAD_SIGNATURE';

/** Hands an inbound webhook, byte for byte, to the webhook service, which verifies and records it once. */
@Injectable()
export class RelayInboundHookUseCase {
  constructor(private readonly inbound: WebhookInboundGrpcClient) {}

  async execute(
    sourceId: string,
    body: Buffer | undefined,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<InboundReceiptView> {
    const contentType = headers['content-type'];
    const response = await this.inbound
      .receiveInboundEvent(
        {
          sourceId,
          body: body ?? Buffer.alloc(0),
          headers: relayableInboundHeaders(headers),
          contentType: (Array.isArray(contentType) ? contentType[0] : contentType) ?? '',
        },
        { identity: PUBLIC_EDGE },
      )
      .catch((error: unknown) => {
        // To the sender an unverifiable signature is a failed authentication: 401.
        if (isDomainException(error) && error.code === BAD_SIGNATURE) {
          throw new DomainException('UNAUTHENTICATED', BAD_SIGNATURE, error.message);
        }
        throw error;
      });
    return { id: response.id, duplicate: response.duplicate, reanalysisRequested: response.reanalysisRequested };
  }
}
