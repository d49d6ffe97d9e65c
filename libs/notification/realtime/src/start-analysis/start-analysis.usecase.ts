import { Inject, Injectable } from '@nestjs/common';
import { FixedWindowRateLimiter, IDENTITY_TOKEN_MAX_AGE_MS, scopesAllow } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { RealtimeException } from '../realtime.exception.js';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import { messageRoom } from '../realtime-messages.js';
import { RealtimeRedis } from '../realtime-redis.js';
import { analysisRoom, followRooms } from '../realtime-rooms.js';
import { parsePayload } from '../realtime-payload.js';
import { RealtimeSubscriptionService, type Subscriber } from '../realtime-subscription.service.js';
import { AnalysisCatchUp } from './analysis-catch-up.js';
import { AnalysisStarter } from './analysis-starter.js';
import { startAnalysisPayloadSchema, type StartedAnalysis } from './start-analysis.schema.js';

/** The scope a caller needs to start analyses, on every transport. */
const START_SCOPE = 'analyses:write';

/**
 * START_ANALYSIS: starts an analysis on the caller's behalf and subscribes the connection to it, so a
 * browser gets the analysis id in the ack and every progress, finding and completion message after it.
 */
@Injectable()
export class StartAnalysisUseCase {
  /**
   * Starts per principal per minute, counted in Redis so every instance shares the budget: a socket
   * is one long-lived connection, and without it one client could queue scans as fast as it can emit
   * messages, bypassing the gateway's per-key limit.
   */
  private readonly limiter: FixedWindowRateLimiter;
  private readonly startsPerMinute: number;
  private readonly catchUp: AnalysisCatchUp;

  constructor(
    @Inject(REALTIME_OPTIONS) options: RealtimeOptions,
    redis: RealtimeRedis,
    private readonly starter: AnalysisStarter,
    private readonly subscriptions: RealtimeSubscriptionService,
  ) {
    this.startsPerMinute = options.startsPerMinute;
    this.limiter = new FixedWindowRateLimiter(redis.pub, {
      limit: options.startsPerMinute,
      windowSeconds: 60,
      keyPrefix: 'so:notification:starts:',
    });
    this.catchUp = new AnalysisCatchUp(redis.pub);
  }

  async execute(subscriber: Subscriber, payload: unknown, now = Date.now()): Promise<StartedAnalysis> {
    const { identity } = subscriber;
    if (!scopesAllow(identity.scopes, START_SCOPE)) {
      throw new RealtimeException('FORBIDDEN', `starting analyses needs the ${START_SCOPE} scope, which this connection's key lacks`);
    }
    // The ticket was checked once, at the handshake; starting work on a key that may since have been
    // revoked is bounded by the ticket's lifetime, as every other signed identity is.
    if (now - subscriber.identityIssuedAt > IDENTITY_TOKEN_MAX_AGE_MS) {
      throw new RealtimeException(
        'UNAUTHENTICATED',
        'the connection ticket is too old to start analyses: send RENEW_TOKEN with a new one from POST /api/v1/realtime/tokens',
      );
    }
    const request = parsePayload(startAnalysisPayloadSchema, payload);
    this.subscriptions.ensureRoomForOneMore(subscriber);
    const quota = await this.limiter.consume(identity.principalId);
    if (!quota.allowed) {
      throw new RealtimeException(
        'RATE_LIMITED',
        `at most ${this.startsPerMinute} analyses per minute may be started over the socket: retry in ${quota.resetSeconds} s`,
      );
    }

    const position = await this.catchUp.position();
    const started = await this.starter.start(identity, request, randomUUID());
    await this.subscriptions.subscribeAnalysis(subscriber, { analysisId: started.analysisId });
    // What the socket would have received in the analysis' room had it been there already.
    const base = analysisRoom(identity.orgId, started.analysisId);
    const wanted = new Set(followRooms(base, subscriber.preferences));
    for (const missed of await this.catchUp.messagesSince(position, identity.orgId, started.analysisId)) {
      if (wanted.has(messageRoom(base, missed))) subscriber.emit(missed.message, missed.payload);
    }
    return started;
  }
}
