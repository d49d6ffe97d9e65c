import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { orchestratorProto } from '@so/contracts';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { EventStreamTail } from '@so/gateway-subscriptions';
import { CORRELATION_HEADER } from '@so/shared';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { projectIdField, uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { EventFeed } from './event-feed.js';
import { OpenSseStreams } from './open-sse-streams.js';
import { analysisIdOf, analysisMessage, dashboardMessages, isTerminalAnalysisEvent } from './sse-messages.js';
import { SseStream } from './sse-stream.js';
import { resumePosition } from './stream-position.js';

const FINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

const SSE_DESCRIPTION =
  'Server-sent events (`text/event-stream`). Each message has `event:` (the type), `id:` (a stream ' +
  'position) and one JSON `data:` line. A client that reconnects with `Last-Event-ID` first receives ' +
  'what it missed (up to 1000 events), then the live stream.';

/**
 * SSE streams over the domain event stream, for clients that want live progress over plain HTTP
 * (dashboards, `curl -N`, CI logs). The API key is checked like on every route; every event is
 * filtered to the caller's organisation.
 */
@ApiTags('events')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/events')
export class SecurityEventsController {
  constructor(
    private readonly tail: EventStreamTail,
    private readonly analyses: AnalysisGrpcClient,
    private readonly openStreams: OpenSseStreams,
  ) {}

  @Get('security/:analysisId')
  @RequireScope('analyses:read')
  @ApiOperation({
    summary: 'Live progress and findings of one analysis',
    description: `${SSE_DESCRIPTION} Messages: CONNECTION_ESTABLISHED (current status), ANALYSIS_PROGRESS, SECURITY_FINDING, then one ANALYSIS_COMPLETED (with the final \`status\`: COMPLETED, FAILED or CANCELLED) and the stream ends.`,
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this stream position' })
  @ApiResponse({ status: 200, description: 'The event stream' })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  async analysisEvents(
    @Param('analysisId', new ZodValidationPipe(uuidField(), 'analysisId')) analysisId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const orgId = caller.identity.orgId;
    // Listen before reading the current state, so nothing published in between is lost.
    const feed = new EventFeed(this.tail, (event) => event.orgId === orgId && analysisIdOf(event) === analysisId);
    let snapshot: orchestratorProto.SecurityAnalysisResponse;
    try {
      snapshot = await this.analyses.getAnalysis({ analysisId, projectId: '' }, caller);
    } catch (error) {
      feed.close(); // 404 for an unknown id or another org's analysis, as problem+json
      throw error;
    }
    const status = orchestratorProto.AnalysisStatus[snapshot.status] ?? 'UNRECOGNIZED';
    const stream = this.open(reply, feed);
    stream.send({
      type: 'CONNECTION_ESTABLISHED',
      data: { analysisId, projectId: snapshot.projectId, status, progressPercent: FINAL_STATUSES.has(status) ? 100 : null },
    });

    let finished = false;
    await feed.start(resumePosition(lastEventId), (event, entryId) => {
      const message = finished ? undefined : analysisMessage(event, entryId);
      if (!message) return;
      stream.send(message);
      if (isTerminalAnalysisEvent(event)) {
        finished = true;
        stream.close();
      }
    });
    if (!finished && FINAL_STATUSES.has(status)) {
      // Over before the client came: its final state, then the end (no waiting forever).
      stream.send({
        type: 'ANALYSIS_COMPLETED',
        data: {
          analysisId,
          projectId: snapshot.projectId,
          status,
          findingCount: snapshot.metrics?.totalFindings ?? snapshot.findings.length,
          score: snapshot.metrics?.score ?? null,
          reason: snapshot.errorMessage || null,
          occurredAt: snapshot.completedAt || snapshot.createdAt,
        },
      });
      stream.close();
    }
  }

  @Get('dashboard')
  @RequireScope('analyses:read')
  @ApiOperation({
    summary: "Live events of one project's dashboard",
    description: `${SSE_DESCRIPTION} Messages: CONNECTION_ESTABLISHED, ANALYSIS_PROGRESS, SECURITY_FINDING, ANALYSIS_COMPLETED and, after each finished analysis, DASHBOARD_UPDATE (counts by severity and score). The stream stays open.`,
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'projectId', required: true })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this stream position' })
  @ApiResponse({ status: 200, description: 'The event stream' })
  @ApiProblemResponses(400, 401, 403, 429)
  async dashboardEvents(
    @Query('projectId', new ZodValidationPipe(projectIdField(), 'projectId')) projectId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const orgId = caller.identity.orgId;
    // Project keys are per organisation: the org filter is what keeps another org's project of the same name out.
    const feed = new EventFeed(this.tail, (event) => event.orgId === orgId && event.projectId === projectId);
    const stream = this.open(reply, feed);
    stream.send({ type: 'CONNECTION_ESTABLISHED', data: { projectId } });
    await feed.start(resumePosition(lastEventId), (event, entryId) => {
      for (const message of dashboardMessages(event, entryId)) stream.send(message);
    });
  }

  /** Takes the response over from Fastify (it would otherwise end it when the handler returns). */
  private open(reply: FastifyReply, feed: EventFeed): SseStream {
    void reply.hijack();
    const correlationId = reply.getHeader(CORRELATION_HEADER);
    const stream = new SseStream(reply.raw, undefined, {
      ...(typeof correlationId === 'string' ? { [CORRELATION_HEADER]: correlationId } : {}),
      ...rateLimitHeaders(reply),
    });
    // The response's 'close' (inside SseStream) is the client going away; the request's fires once its body is read.
    stream.onClose(() => feed.close());
    this.openStreams.add(stream);
    return stream;
  }
}

/** The auth hook set RateLimit-* on the reply; a hijacked response must carry them itself. */
function rateLimitHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
