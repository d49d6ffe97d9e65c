import { Injectable } from '@nestjs/common';
import type { AnyDomainEvent } from '@so/contracts';
import { CONNECTOR_TYPES } from '@so/integration-connectors';
import { IntegrationDeliveryRepository, type CompletedAnalysisInput } from '@so/integration-data-access';
import type { RecordedEventListener, RecordedOutcome } from '@so/integration-events';
import { MicroBatcher } from '@so/shared';
import { IntegrationDispatchQueue } from '../queue/integration-dispatch.queue.js';

/**
 * When an analysis completes, schedules one push of its findings per integration of its project:
 * a delivery row (unique per integration and analysis) and a BullMQ job with the delivery id as job
 * id. Findings are recorded before the completion (the analysis publishes them first), so the job
 * sees the whole batch. Completions handled together share one statement and one bulk add.
 */
@Injectable()
export class DeliveryScheduler implements RecordedEventListener {
  private readonly scheduler = new MicroBatcher<CompletedAnalysisInput, void>({
    run: (analyses) => this.schedule(analyses),
    maxBatchSize: 200,
    maxInFlight: 2,
  });

  constructor(
    private readonly deliveries: IntegrationDeliveryRepository,
    private readonly queue: IntegrationDispatchQueue,
  ) {}

  async onRecorded(event: AnyDomainEvent, outcome: RecordedOutcome): Promise<void> {
    // A project without an integration (as committed when the completion's recording statement
    // started) has nothing to schedule: the common case costs no statement. Nothing is remembered:
    // every completion, a redelivered one too, is asked about anew, so an integration created on any
    // replica gets every completion recorded after it.
    if (event.type !== 'analysis.completed' || !outcome.projectHasIntegrations) return;
    await this.scheduler.add({
      orgId: event.orgId,
      projectId: event.projectId,
      analysisId: event.data.analysisId,
      triggerEventId: event.id,
      correlationId: event.correlationId,
    });
  }

  /** All-or-nothing per batch (the batcher retries items alone on failure): the rows are idempotent, the job ids too. */
  private async schedule(analyses: CompletedAnalysisInput[]): Promise<void[]> {
    const pending = await this.deliveries.ensurePendingForAnalyses(analyses, CONNECTOR_TYPES);
    await this.queue.enqueue(pending.flat());
    return analyses.map(() => undefined);
  }
}
