import { webhookInternalProto } from '@so/contracts';
import type { GrpcPeerClient, PeerCallContext } from '@so/shared';

const service = webhookInternalProto.WebhookInboundServiceService;

/** The webhook service's `WebhookInboundService`: inbound sources and the relay of inbound requests. */
export class WebhookInboundGrpcClient {
  constructor(readonly peer: GrpcPeerClient) {}

  /** Not retried: a repeat after a lost answer would register a second source. */
  createInboundSource(
    request: webhookInternalProto.CreateInboundSourceRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.CreateInboundSourceResponse> {
    return this.peer.unary(service.createInboundSource, request, context);
  }

  listInboundSources(
    request: webhookInternalProto.ListInboundSourcesRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ListInboundSourcesResponse> {
    return this.peer.unary(service.listInboundSources, request, context, { idempotent: true });
  }

  /** Not retried: a repeat after a lost success would answer NOT_FOUND for a delete that worked. */
  deleteInboundSource(
    request: webhookInternalProto.DeleteInboundSourceRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.DeleteInboundSourceResponse> {
    return this.peer.unary(service.deleteInboundSource, request, context);
  }

  /** Retried on UNAVAILABLE: the webhook service records each sender event once, so a repeat is acknowledged as a duplicate. */
  receiveInboundEvent(
    request: webhookInternalProto.ReceiveInboundEventRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ReceiveInboundEventResponse> {
    return this.peer.unary(service.receiveInboundEvent, request, context, { idempotent: true });
  }
}
