import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { webhookInternalProto } from '@so/contracts';
import { correlationFromMetadata, runWithCorrelation } from '@so/shared';
import { GrpcExceptionFilter, requireGrpcIdentity, WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import type { InboundSourceView } from '../inbound-source.model.js';
import { InboundSourceService } from '../inbound-source.service.js';

/** `security.orchestrator.internal.WebhookInboundService`: inbound source registration. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookInboundServiceControllerMethods()
export class WebhookInboundGrpcController implements webhookInternalProto.WebhookInboundServiceController {
  constructor(
    private readonly sources: InboundSourceService,
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
