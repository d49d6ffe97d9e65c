import { webhookInternalProto } from '@so/contracts';
import type { GrpcPeerClient, PeerCallContext } from '@so/shared';

const service = webhookInternalProto.WebhookAdminServiceService;

/** The webhook service's `WebhookAdminService` (partner endpoint subscriptions). */
export class WebhookAdminGrpcClient {
  constructor(readonly peer: GrpcPeerClient) {}

  /** Not retried: a lost answer after a successful create would create a second endpoint. */
  createEndpoint(
    request: webhookInternalProto.CreateEndpointRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.CreateEndpointResponse> {
    return this.peer.unary(service.createEndpoint, request, context);
  }

  listEndpoints(
    request: webhookInternalProto.ListEndpointsRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ListEndpointsResponse> {
    return this.peer.unary(service.listEndpoints, request, context, { idempotent: true });
  }

  getEndpoint(
    request: webhookInternalProto.GetEndpointRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.GetEndpointResponse> {
    return this.peer.unary(service.getEndpoint, request, context, { idempotent: true });
  }

  /** Not retried: re-enabling resets the failure run, so a repeat is not quite a no-op. */
  updateEndpoint(
    request: webhookInternalProto.UpdateEndpointRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.UpdateEndpointResponse> {
    return this.peer.unary(service.updateEndpoint, request, context);
  }

  /** Not retried: a repeat after a lost answer would rotate twice and drop the secret the caller never saw. */
  rotateEndpointSecret(
    request: webhookInternalProto.RotateEndpointSecretRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.RotateEndpointSecretResponse> {
    return this.peer.unary(service.rotateEndpointSecret, request, context);
  }

  /** Not retried: a repeat after a lost success would answer NOT_FOUND for a delete that worked. */
  deleteEndpoint(
    request: webhookInternalProto.DeleteEndpointRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.DeleteEndpointResponse> {
    return this.peer.unary(service.deleteEndpoint, request, context);
  }
}
