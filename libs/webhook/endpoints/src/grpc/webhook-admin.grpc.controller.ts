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
import { WebhookEndpointUpdateService } from '../webhook-endpoint-update.service.js';
import { WebhookEndpointService } from '../webhook-endpoint.service.js';

type CreateEndpointRequest = webhookInternalProto.CreateEndpointRequest;
type CreateEndpointResponse = webhookInternalProto.CreateEndpointResponse;
type ListEndpointsRequest = webhookInternalProto.ListEndpointsRequest;
type ListEndpointsResponse = webhookInternalProto.ListEndpointsResponse;
type DeleteEndpointRequest = webhookInternalProto.DeleteEndpointRequest;
type DeleteEndpointResponse = webhookInternalProto.DeleteEndpointResponse;
type UpdateEndpointRequest = webhookInternalProto.UpdateEndpointRequest;
type UpdateEndpointResponse = webhookInternalProto.UpdateEndpointResponse;
type RotateEndpointSecretRequest = webhookInternalProto.RotateEndpointSecretRequest;
type RotateEndpointSecretResponse = webhookInternalProto.RotateEndpointSecretResponse;
type GetEndpointRequest = webhookInternalProto.GetEndpointRequest;
type GetEndpointResponse = webhookInternalProto.GetEndpointResponse;

/** `security.orchestrator.internal.WebhookAdminService`: maps gRPC messages to the endpoint use cases. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookAdminServiceControllerMethods()
export class WebhookAdminGrpcController implements webhookInternalProto.WebhookAdminServiceController {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly updates: WebhookEndpointUpdateService,
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
        rateLimitPerSecond: request.options?.rateLimitPerSecond,
        headers: request.options?.headers,
        filterJson: request.options?.filterJson,
        signingScheme: request.options?.signingScheme,
        ordered: request.options?.ordered,
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

  async getEndpoint(request: GetEndpointRequest, metadata?: Metadata): Promise<GetEndpointResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return { endpoint: toProto(await this.endpoints.get(identity, request.id)) };
  }

  async deleteEndpoint(request: DeleteEndpointRequest, metadata?: Metadata): Promise<DeleteEndpointResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      await this.endpoints.delete(identity, request.id);
      return { deleted: true };
    });
  }

  async updateEndpoint(request: UpdateEndpointRequest, metadata?: Metadata): Promise<UpdateEndpointResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const endpoint = await this.updates.update(identity, request.id, {
        url: request.url,
        eventTypes: request.replaceEventTypes ? request.eventTypes : undefined,
        description: request.description,
        enabled: request.enabled,
        rateLimitPerSecond: request.rateLimitPerSecond,
        headers: request.replaceHeaders ? request.headers : undefined,
        filterJson: request.filterJson,
        ordered: request.ordered,
      });
      return { endpoint: toProto(endpoint) };
    });
  }

  async rotateEndpointSecret(
    request: RotateEndpointSecretRequest,
    metadata?: Metadata,
  ): Promise<RotateEndpointSecretResponse> {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => {
      const rotated = await this.updates.rotateSecret(identity, request.id, request.graceSeconds);
      return {
        secret: rotated.secret,
        publicKey: rotated.publicKey ?? '',
        previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString(),
      };
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
    options: {
      rateLimitPerSecond: endpoint.rateLimitPerSecond ?? 0,
      headers: endpoint.headers,
      filterJson: endpoint.filter ? JSON.stringify(endpoint.filter) : '',
      signingScheme: endpoint.signingScheme,
      publicKey: endpoint.publicKey ?? '',
      ordered: endpoint.ordered,
    },
    disabledReason: endpoint.disabledReason ?? undefined,
  };
}
