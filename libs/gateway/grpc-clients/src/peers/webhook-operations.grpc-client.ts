import { webhookInternalProto } from '@so/contracts';
import type { GrpcPeerClient, PeerCallContext } from '@so/shared';

const service = webhookInternalProto.WebhookOperationsServiceService;

/**
 * The webhook service's `WebhookOperationsService`: replay, dead letters, the attempt log, test
 * events and endpoint statistics. Replays and test events are not retried: each one enqueues a new
 * delivery, so a repeat after a lost answer would send a message again.
 */
export class WebhookOperationsGrpcClient {
  constructor(readonly peer: GrpcPeerClient) {}

  resendMessage(
    request: webhookInternalProto.ResendMessageRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ResendMessageResponse> {
    return this.peer.unary(service.resendMessage, request, context);
  }

  recoverMessages(
    request: webhookInternalProto.RecoverMessagesRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.RecoverMessagesResponse> {
    return this.peer.unary(service.recoverMessages, request, context);
  }

  redriveDeadLetters(
    request: webhookInternalProto.RedriveDeadLettersRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.RedriveDeadLettersResponse> {
    return this.peer.unary(service.redriveDeadLetters, request, context);
  }

  listDeadLetters(
    request: webhookInternalProto.ListDeadLettersRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ListDeadLettersResponse> {
    return this.peer.unary(service.listDeadLetters, request, context, { idempotent: true });
  }

  getMessage(
    request: webhookInternalProto.GetMessageRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.GetMessageResponse> {
    return this.peer.unary(service.getMessage, request, context, { idempotent: true });
  }

  listMessageAttempts(
    request: webhookInternalProto.ListMessageAttemptsRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ListAttemptsResponse> {
    return this.peer.unary(service.listMessageAttempts, request, context, { idempotent: true });
  }

  listEndpointAttempts(
    request: webhookInternalProto.ListEndpointAttemptsRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.ListAttemptsResponse> {
    return this.peer.unary(service.listEndpointAttempts, request, context, { idempotent: true });
  }

  sendTestEvent(
    request: webhookInternalProto.SendTestEventRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.SendTestEventResponse> {
    return this.peer.unary(service.sendTestEvent, request, context);
  }

  getEndpointStats(
    request: webhookInternalProto.GetEndpointStatsRequest,
    context: PeerCallContext,
  ): Promise<webhookInternalProto.EndpointStats> {
    return this.peer.unary(service.getEndpointStats, request, context, { idempotent: true });
  }
}
