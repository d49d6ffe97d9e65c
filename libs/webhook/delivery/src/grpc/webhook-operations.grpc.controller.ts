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
import { AttemptQueryService } from '../query/attempt-query.service.js';
import { MessageQueryService } from '../query/message-query.service.js';
import type { WebhookAttemptPage, WebhookAttemptView } from '../query/webhook-attempt.view.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import {
  validateEndpointIdRequired,
  validateLimit,
  validateMessageId,
  validateOptionalEndpointId,
} from '../replay/replay-input.validator.js';
import { WebhookReplayService } from '../replay/webhook-replay.service.js';
import { EndpointStatsService } from '../stats/endpoint-stats.service.js';
import type { EndpointStatsView } from '../stats/endpoint-stats.view.js';
import { SendTestEventService } from '../test-event/send-test-event.service.js';
import { isTestEventId } from '../test-event/test-event.js';
import { TestMessageLookup } from '../test-event/test-message.lookup.js';

/** A page of attempts carries up to 20 KB of body each; 200 keeps a page far below the gRPC message cap. */
const MAX_ATTEMPTS_PAGE = 200;
const DEFAULT_ATTEMPTS_PAGE = 50;

/** `security.orchestrator.internal.WebhookOperationsService`: replay, dead letters, the attempt log, test events and statistics. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@webhookInternalProto.WebhookOperationsServiceControllerMethods()
export class WebhookOperationsGrpcController implements webhookInternalProto.WebhookOperationsServiceController {
  constructor(
    private readonly replay: WebhookReplayService,
    private readonly messages: MessageQueryService,
    private readonly attempts: AttemptQueryService,
    private readonly testEvents: SendTestEventService,
    private readonly endpointStats: EndpointStatsService,
    private readonly testMessages: TestMessageLookup,
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

  async getMessage(request: webhookInternalProto.GetMessageRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    const messageId = validateMessageId(request.messageId);
    const view = await this.messages.byId(identity.orgId, messageId);
    if (!view) throw new WebhookException('NOT_FOUND', 'WEBHOOK.MESSAGE_NOT_FOUND', `message ${messageId} not found`);
    return { message: toProtoMessage(view) };
  }

  async listMessageAttempts(request: webhookInternalProto.ListMessageAttemptsRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    const page = await this.attempts.byMessage(
      identity.orgId,
      validateMessageId(request.messageId),
      validateLimit(request.limit, DEFAULT_ATTEMPTS_PAGE, MAX_ATTEMPTS_PAGE),
      request.cursor,
    );
    return toProtoPage(page, await this.testMessageIds(identity.orgId, page));
  }

  async listEndpointAttempts(request: webhookInternalProto.ListEndpointAttemptsRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    const page = await this.attempts.byEndpoint(
      identity.orgId,
      validateEndpointIdRequired(request.endpointId),
      validateLimit(request.limit, DEFAULT_ATTEMPTS_PAGE, MAX_ATTEMPTS_PAGE),
      request.cursor,
    );
    return toProtoPage(page, await this.testMessageIds(identity.orgId, page));
  }

  private testMessageIds(orgId: string, page: WebhookAttemptPage): Promise<Set<string>> {
    return this.testMessages.testMessageIds(
      orgId,
      page.attempts.map((attempt) => attempt.messageId),
    );
  }

  async sendTestEvent(request: webhookInternalProto.SendTestEventRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return runWithCorrelation(correlationFromMetadata(metadata), async () => ({
      message: toProtoMessage(await this.testEvents.send(identity, request.endpointId, request.eventType)),
    }));
  }

  async getEndpointStats(request: webhookInternalProto.GetEndpointStatsRequest, metadata?: Metadata) {
    const identity = requireGrpcIdentity(metadata, this.options.internalToken);
    return toProtoStats(await this.endpointStats.stats(identity, request.endpointId, request.since));
  }
}

function toProtoStats(view: EndpointStatsView): webhookInternalProto.EndpointStats {
  return {
    endpointId: view.endpointId,
    since: view.since.toISOString(),
    deliveredMessages: view.messages.delivered,
    failedMessages: view.messages.failed,
    pendingMessages: view.messages.pending,
    attempts: view.attempts.total,
    succeededAttempts: view.attempts.succeeded,
    failedAttempts: view.attempts.failed,
    successRate: view.successRate ?? undefined,
    latencyP50Ms: view.latencyP50Ms ?? undefined,
    latencyP95Ms: view.latencyP95Ms ?? undefined,
    lastSuccessAt: view.lastSuccessAt?.toISOString(),
    lastFailureAt: view.lastFailureAt?.toISOString(),
  };
}

function toProtoPage(page: WebhookAttemptPage, testMessageIds: Set<string>): webhookInternalProto.ListAttemptsResponse {
  return {
    attempts: page.attempts.map((attempt) => toProtoAttempt(attempt, testMessageIds.has(attempt.messageId))),
    nextCursor: page.nextCursor ?? '',
  };
}

function toProtoAttempt(view: WebhookAttemptView, test: boolean): webhookInternalProto.WebhookAttempt {
  return {
    id: view.id,
    messageId: view.messageId,
    endpointId: view.endpointId,
    attemptNumber: view.attemptNumber,
    status: view.status,
    responseStatus: view.responseStatus ?? 0,
    responseHeaders: view.responseHeaders,
    responseBody: view.responseBody ?? '',
    latencyMs: view.latencyMs,
    error: view.error ?? '',
    createdAt: view.createdAt.toISOString(),
    test,
  };
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
    test: isTestEventId(view.eventId),
  };
}
