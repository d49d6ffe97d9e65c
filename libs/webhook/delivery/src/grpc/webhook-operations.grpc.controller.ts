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
import { MessageQueryService } from '../query/message-query.service.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { validateLimit, validateOptionalEndpointId } from '../replay/replay-input.validator.js';
import { WebhookReplayService } from '../replay/webhook-replay.service.js';


/** `security.orchestrator.internal.WebhookOperationsService`: replay and dead letters. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookOperationsServiceControllerMethods()
export class WebhookOperationsGrpcController implements webhookInternalProto.WebhookOperationsServiceController {
  constructor(
    private readonly replay: WebhookReplayService,
    private readonly messages: MessageQueryService,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async resendMessage(request: webhookInternalProto.ResendMessageRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => ({
      message: toProtoMessage(await this.replay.resend(identity, request.messageId)),
    }));
  }

  async recoverMessages(request: webhookInternalProto.RecoverMessagesRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => ({
      requeued: await this.replay.recover(identity, request.endpointId, request.since),
    }));
  }

  async listDeadLetters(request: webhookInternalProto.ListDeadLettersRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    const views = await this.messages.deadLetters(
      identity.orgId,
      validateOptionalEndpointId(request.endpointId),
      validateLimit(request.limit),
    );
    return { messages: views.map(toProtoMessage) };
  }

  async redriveDeadLetters(request: webhookInternalProto.RedriveDeadLettersRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => ({
      requeued: await this.replay.redrive(identity, request.endpointId),
    }));
  }
}

function toProtoMessage(view: WebhookDeliveryView): webhookInternalProto.WebhookMessage {
  return {
    id: view.id,
    eventId: view.eventId,
    eventType: view.eventType,
    endpointId: view.endpointId,
    endpointUrl: view.endpointUrl,
    status: view.status,
    attempts: view.attempts,
    lastResponseStatus: view.lastResponseStatus ?? 0,
    lastAttemptAt: view.lastAttemptAt?.toISOString() ?? '',
    deliveredAt: view.deliveredAt?.toISOString() ?? '',
    createdAt: view.createdAt.toISOString(),
  };
}
