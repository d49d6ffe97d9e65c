import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AnalysisStatus } from '@so/analysis-data-access';
import { MicroBatcher } from '@so/shared';
import type { Redis } from 'ioredis';
import { ANALYSIS_REDIS } from '../analysis-feature.options.js';

/** Redis pub/sub channel announcing committed terminal transitions to every replica. */
export const ANALYSIS_STATUS_CHANNEL = 'so:analysis:status';

export interface AnalysisStatusMessage {
  analysisId: string;
  orgId: string;
  status: AnalysisStatus;
}

type Listener = (message: AnalysisStatusMessage) => void;

/**
 * Fast path for "this analysis just reached a terminal status": a cancel reaches the worker that
 * runs the analysis (wherever it runs) within milliseconds, and waiting AnalyzeSecurity calls wake
 * up at once. Pub/sub is at-most-once, so listeners also re-check the row on a slower timer.
 */
@Injectable()
export class AnalysisStatusChannel implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisStatusChannel.name);
  private readonly listeners = new Set<Listener>();
  private subscriber?: Redis;
  /**
   * Announcements made in the same turn of the event loop (a group of completions committed by one
   * statement) leave as one pipeline: one socket write instead of one per analysis.
   */
  private readonly outgoing = new MicroBatcher({
    run: (messages: string[]) => this.send(messages),
    maxBatchSize: 500,
    maxInFlight: 2,
  });

  constructor(@Inject(ANALYSIS_REDIS) private readonly redis: Redis) {}

  async onModuleInit(): Promise<void> {
    // A subscribed connection can run no other command, hence its own connection.
    const subscriber = this.redis.duplicate({ connectionName: 'analysis-status-subscriber' });
    subscriber.on('error', (error: Error) => this.logger.warn(`status subscriber: ${error.message}`));
    subscriber.on('message', (_channel: string, raw: string) => this.dispatch(raw));
    this.subscriber = subscriber;
    await subscriber.subscribe(ANALYSIS_STATUS_CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Best effort: a lost message only delays listeners until their next row check. */
  async publish(message: AnalysisStatusMessage): Promise<void> {
    try {
      // The shared connection queues commands while Redis is away; never hold the caller for that.
      await Promise.race([
        this.outgoing.add(JSON.stringify(message)),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref()),
      ]);
    } catch (error) {
      this.logger.warn(
        `could not announce ${message.status} of analysis ${message.analysisId}: ${(error as Error).message}`,
      );
    }
  }

  private async send(messages: string[]): Promise<void[]> {
    const pipeline = this.redis.pipeline();
    for (const message of messages) pipeline.publish(ANALYSIS_STATUS_CHANNEL, message);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    return messages.map(() => undefined);
  }

  /** Returns the function that removes the listener. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(raw: string): void {
    let message: AnalysisStatusMessage;
    try {
      message = JSON.parse(raw) as AnalysisStatusMessage;
    } catch {
      return;
    }
    if (typeof message.analysisId !== 'string' || typeof message.status !== 'string') return;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(error);
      }
    }
  }
}
