import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { webhookInternalProto } from '@so/contracts';
import { correlationFromMetadata, runWithCorrelation } from '@so/shared';
import {
  GrpcExceptionFilter,
  requireGrpcIdentity,
  WEBHOOK_OPTIONS,
  type WebhookRuntimeOptions,
} from '@so/webhook-common';
import type { WebhookEndpointView } from '../endpoint.model.js';
import { WebhookEndpointService } from '../webhook-endpoint.service.js';

type CreateEndpointRequest = webhookInternalProto.CreateEndpointRequest;
type CreateEndpointResponse = webhookInternalProto.CreateEndpointResponse;
type ListEndpointsRequest = webhookInternalProto.ListEndpointsRequest;
type ListEndpointsResponse = webhookInternalProto.ListEndpointsResponse;
type DeleteEndpointRequest = webhookInternalProto.DeleteEndpointRequest;
type DeleteEndpointResponse = webhookInternalProto.DeleteEndpointResponse;

/** `security.orchestrator.internal.WebhookAdminService`: maps gRPC messages to the endpoint use cases. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookAdminServiceControllerMethods()
export class WebhookAdminGrpcController implements webhookInternalProto.WebhookAdminServiceController {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async createEndpoint(request: CreateEndpointRequest, metadata?: Metadata): Promise<CreateEndpointResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const created = await this.endpoints.create(identity, {
        url: request.url,
        eventTypes: request.eventTypes,
        description: request.description,
        projectId: request.projectId,
      });
      return { endpoint: toProto(created.endpoint), secret: created.secret };
    });
  }

  async listEndpoints(request: ListEndpointsRequest, metadata?: Metadata): Promise<ListEndpointsResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const endpoints = await this.endpoints.list(identity, request.projectId);
      return { endpoints: endpoints.map(toProto) };
    });
  }

  async deleteEndpoint(request: DeleteEndpointRequest, metadata?: Metadata): Promise<DeleteEndpointResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      await this.endpoints.delete(identity, request.id);
      return { deleted: true };
    });
  }
}

function toProto(endpoint: WebhookEndpointView): webhookInternalProto.WebhookEndpoint {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    projectId: endpoint.projectId ?? '',
    createdAt: endpoint.createdAt.toISOString(),
  };
}
