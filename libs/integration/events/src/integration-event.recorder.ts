import { Injectable, Logger } from '@nestjs/common';
import type { AnyDomainEvent } from '@so/contracts';
import { IntegrationEventRepository } from '@so/integration-data-access';
import { toRecordedEvent } from './recorded-event.schema.js';

export type RecordOutcome = 'recorded' | 'duplicate' | 'invalid';

/** Records finding / completion events once per event id, whatever the number of deliveries. */
@Injectable()
export class IntegrationEventRecorder {
  private readonly logger = new Logger(IntegrationEventRecorder.name);

  constructor(private readonly events: IntegrationEventRepository) {}

  async record(event: AnyDomainEvent): Promise<RecordOutcome> {
    const mapped = toRecordedEvent(event);
    if ('problem' in mapped) {
      this.logger.warn({ eventId: event.id, eventType: event.type, problem: mapped.problem }, 'skipping malformed event');
      return 'invalid';
    }
    return (await this.events.recordOnce(mapped.row)) ? 'recorded' : 'duplicate';
  }
}
