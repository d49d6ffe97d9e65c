import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookInboundGrpcClient } from '@so/gateway-grpc';
import type { CreateInboundSourceRequest } from './inbound-source.request.js';
import {
  toInboundSourceView,
  type CreatedInboundSourceView,
  type InboundSourceListView,
} from './inbound-source.view.js';
import { requireFromWebhookService } from './upstream-response.js';

/** Registering, listing and removing the senders allowed to POST to /api/v1/hooks/inbound/{sourceId}. */
@Injectable()
export class ManageInboundSourcesUseCase {
  constructor(private readonly inbound: WebhookInboundGrpcClient) {}

  async create(body: CreateInboundSourceRequest, caller: AuthenticatedCaller): Promise<CreatedInboundSourceView> {
    const response = await this.inbound.createInboundSource(
      {
        projectId: body.projectId,
        name: body.name,
        scheme: body.scheme,
        signatureHeader: body.signatureHeader ?? '',
        toleranceSeconds: body.toleranceSeconds ?? 0,
        secret: body.secret ?? '',
      },
      caller,
    );
    return { ...toInboundSourceView(requireFromWebhookService(response.source, 'source')), secret: response.secret };
  }

  async list(projectId: string | undefined, caller: AuthenticatedCaller): Promise<InboundSourceListView> {
    const response = await this.inbound.listInboundSources({ projectId: projectId ?? '' }, caller);
    return { items: response.sources.map(toInboundSourceView) };
  }

  async remove(id: string, caller: AuthenticatedCaller): Promise<void> {
    await this.inbound.deleteInboundSource({ id }, caller);
  }
}
