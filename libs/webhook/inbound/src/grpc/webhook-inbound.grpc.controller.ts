import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { webhookInternalProto } from '@so/contracts';
import { correlationFromMetadata, runWithCorrelation } from '@so/shared';
import {
  GrpcExceptionFilter,
  requireGrpcIdentity,
  WEBHOOK_OPTIONS,
  WebhookException,
  type WebhookRuntimeOptions,
} from '@so/webhook-common';
import type { InboundSourceView } from '../inbound-source.model.js';
import { INBOUND_BAD_SIGNATURE, InboundReceiveService } from '../inbound-receive.service.js';
import { InboundSourceService } from '../inbound-source.service.js';

/**
 * `security.orchestrator.internal.WebhookInboundService`: inbound source registration, and the inbound
 * requests the gateway relays from its public `POST /api/v1/hooks/inbound/{sourceId}`.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookInboundServiceControllerMethods()
export class WebhookInboundGrpcController implements webhookInternalProto.WebhookInboundServiceController {
  constructor(
    private readonly sources: InboundSourceService,
    private readonly inbound: InboundReceiveService,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async createInboundSource(request: webhookInternalProto.CreateInboundSourceRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const created = await this.sources.create(identity, request);
      return { source: toProtoSource(created.source), secret: created.secret };
    });
  }

  async listInboundSources(request: webhookInternalProto.ListInboundSourcesRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return { sources: (await this.sources.list(identity, request.projectId)).map(toProtoSource) };
  }

  async deleteInboundSource(request: webhookInternalProto.DeleteInboundSourceRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      await this.sources.delete(identity, request.id);
      return { deleted: true };
    });
  }

  /**
   * The gateway's signature proves the request came through the public edge; the org is the source's,
   * and the sender is authenticated by the source's signature scheme over the relayed bytes.
   */
  async receiveInboundEvent(request: webhookInternalProto.ReceiveInboundEventRequest, metadata?: Metadata) {
    requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const body = request.body ?? new Uint8Array(0);
      const receipt = await this.inbound
        .receive({
          sourceId: request.sourceId,
          headers: lowerCaseKeys(request.headers ?? {}),
          rawBody: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
          contentType: request.contentType || undefined,
        })
        .catch((error: unknown) => {
          // UNAUTHENTICATED on this port means "the gateway's signature was refused"; a sender's bad
          // signature is a refusal of the sender, so it travels as PERMISSION_DENIED with its own code.
          if (error instanceof WebhookException && error.kind === 'UNAUTHENTICATED' && error.code === INBOUND_BAD_SIGNATURE) {
            throw new WebhookException('PERMISSION_DENIED', INBOUND_BAD_SIGNATURE, error.message);
          }
          throw error;
        });
      return { id: receipt.id, duplicate: receipt.duplicate, reanalysisRequested: receipt.reanalysisRequested };
    });
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

export function inboundPath(sourceId: string): string {
  return `/api/v1/hooks/inbound/${sourceId}`;
}

function toProtoSource(view: InboundSourceView): webhookInternalProto.InboundSource {
  return {
    id: view.id,
    projectId: view.projectId,
    name: view.name,
    scheme: view.scheme,
    signatureHeader: view.signatureHeader ?? '',
    toleranceSeconds: view.toleranceSeconds,
    createdAt: view.createdAt.toISOString(),
    path: inboundPath(view.id),
  };
}
