import { Injectable } from '@nestjs/common';
import type { AnyDomainEvent } from '@so/contracts';
import { CONNECTOR_TYPES } from '@so/integration-connectors';
import { IntegrationDeliveryRepository } from '@so/integration-data-access';
import type { RecordedEventListener } from '@so/integration-events';
import { IntegrationDispatchQueue } from '../queue/integration-dispatch.queue.js';

/**
 * When an analysis completes, schedules one push of its findings per integration of its project:
 * a delivery row (unique per integration and analysis) and a BullMQ job with the delivery id as job
 * id. Findings are recorded before the completion (the analysis publishes them first), so the job
 * sees the whole batch.
 */
@Injectable()
export class DeliveryScheduler implements RecordedEventListener {
  constructor(
    private readonly deliveries: IntegrationDeliveryRepository,
    private readonly queue: IntegrationDispatchQueue,
  ) {}

  async onRecorded(event: AnyDomainEvent): Promise<void> {
    if (event.type !== 'analysis.completed') return;
    const pending = await this.deliveries.ensurePendingForProject({
      orgId: event.orgId,
      projectId: event.projectId,
      types: CONNECTOR_TYPES,
      analysisId: event.data.analysisId,
      triggerEventId: event.id,
      correlationId: event.correlationId,
    });
    await this.queue.enqueue(pending);
  }
}
