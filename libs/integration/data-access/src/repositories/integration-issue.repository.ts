import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationIssueEntity } from '../entities/integration-issue.entity.js';

export interface CreatedIssue {
  id: string;
  number: number | null;
  url: string | null;
}

export type IssueClaim = { state: 'exists'; issue: CreatedIssue } | { state: 'claimed' } | { state: 'busy' };

/** One external issue per (integration, fingerprint), claimed before it is created. */
@Injectable()
export class IntegrationIssueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the fingerprint for this caller unless it has an issue already or another caller's
   * claim is younger than `staleAfterMs` (that caller may still be creating it).
   */
  async claim(integrationId: string, orgId: string, fingerprint: string, analysisId: string, staleAfterMs: number): Promise<IssueClaim> {
    const rows = (await this.dataSource.query(
      `INSERT INTO "integration"."integration_issues" AS i ("integration_id", "fingerprint", "org_id", "analysis_id", "claimed_at")
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT ("integration_id", "fingerprint") DO UPDATE
          SET "claimed_at" = now(), "analysis_id" = EXCLUDED."analysis_id"
        WHERE i."external_id" IS NULL AND i."claimed_at" < now() - make_interval(secs => $5::double precision / 1000)
       RETURNING "fingerprint"`,
      [integrationId, fingerprint, orgId, analysisId, staleAfterMs],
    )) as unknown[];
    if (rows.length > 0) return { state: 'claimed' };
    const existing = await this.find(integrationId, fingerprint);
    if (existing?.externalId) return { state: 'exists', issue: { id: existing.externalId, number: existing.externalNumber, url: existing.externalUrl } };
    return { state: 'busy' };
  }

  async complete(integrationId: string, fingerprint: string, issue: CreatedIssue): Promise<void> {
    await this.dataSource.query(
      `UPDATE "integration"."integration_issues"
          SET "external_id" = $3, "external_number" = $4, "external_url" = $5, "created_at" = now()
        WHERE "integration_id" = $1 AND "fingerprint" = $2`,
      [integrationId, fingerprint, issue.id, issue.number, issue.url],
    );
  }

  async release(integrationId: string, fingerprint: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM "integration"."integration_issues" WHERE "integration_id" = $1 AND "fingerprint" = $2 AND "external_id" IS NULL`,
      [integrationId, fingerprint],
    );
  }

  find(integrationId: string, fingerprint: string): Promise<IntegrationIssueEntity | null> {
    return this.dataSource.getRepository(IntegrationIssueEntity).findOne({ where: { integrationId, fingerprint } });
  }
}
