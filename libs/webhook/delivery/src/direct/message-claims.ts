import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A pending message whose claim lapsed: its sender stopped before handing it on. */
export interface LapsedClaim {
  id: string;
  endpointId: string;
  attemptCount: number;
}

/**
 * Claims on messages whose first attempt a process sends itself (`messages.claimed_at`, written by
 * the fan-out). Released once the queue has taken the message over; a delivered or failed message
 * keeps its claim, which then means nothing (only pending messages are looked at).
 */
@Injectable()
export class MessageClaims {
  constructor(private readonly dataSource: DataSource) {}

  async release(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE "webhook"."messages" SET "claimed_at" = NULL WHERE "id" = ANY($1::text[]) AND "claimed_at" IS NOT NULL`,
      [messageIds],
    );
  }

  /**
   * Pending messages claimed longer than `timeoutMs` ago, oldest first. Read through the partial
   * index of pending messages, which holds only what is in flight or waiting for a retry.
   */
  async lapsed(timeoutMs: number, limit: number): Promise<LapsedClaim[]> {
    const rows = (await this.dataSource.query(
      `SELECT "id", "endpoint_id", "attempt_count" FROM "webhook"."messages"
        WHERE "status" = 'pending' AND "claimed_at" < now() - $1::int * interval '1 millisecond'
        ORDER BY "claimed_at" LIMIT $2`,
      [timeoutMs, limit],
    )) as Array<{ id: string; endpoint_id: string; attempt_count: number }>;
    return rows.map((row) => ({ id: row.id, endpointId: row.endpoint_id, attemptCount: row.attempt_count }));
  }
}
