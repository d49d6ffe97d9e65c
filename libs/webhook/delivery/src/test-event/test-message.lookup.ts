import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TEST_EVENT_ID_PREFIX } from './test-event.js';

/**
 * Which of a page of messages are test events, so the attempt log can mark their attempts: one
 * primary-key look-up per page (at most a few hundred ids).
 */
@Injectable()
export class TestMessageLookup {
  constructor(private readonly dataSource: DataSource) {}

  async testMessageIds(orgId: string, messageIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(messageIds)];
    if (unique.length === 0) return new Set();
    const rows = (await this.dataSource.query(
      `SELECT "id" FROM "webhook"."messages"
        WHERE "id" = ANY($1::text[]) AND "org_id" = $2 AND starts_with("event_id", $3)`,
      [unique, orgId, TEST_EVENT_ID_PREFIX],
    )) as Array<{ id: string }>;
    return new Set(rows.map((row) => row.id));
  }
}
