import { Injectable, Logger } from '@nestjs/common';
import type { AnyDomainEvent } from '@so/contracts';
import { IntegrationEventRepository, type RecordedEventResult } from '@so/integration-data-access';
import { checkRecordedEvent } from './recorded-event.schema.js';

/** A recorded event (now, or before: `duplicate`) and what its recording found out. */
export interface RecordedOutcome {
  kind: 'recorded' | 'duplicate';
  /** See {@link RecordedEventResult.projectHasIntegrations}. */
  projectHasIntegrations: boolean;
}

export type RecordOutcome = RecordedOutcome | { kind: 'invalid' };

/** Records finding / completion events once per event id, whatever the number of deliveries. */
@Injectable()
export class IntegrationEventRecorder {
  private readonly logger = new Logger(IntegrationEventRecorder.name);

  constructor(private readonly events: IntegrationEventRepository) {}

  async record(event: AnyDomainEvent): Promise<RecordOutcome> {
    const checked = checkRecordedEvent(event);
    if ('problem' in checked) {
      this.logger.warn({ eventId: event.id, eventType: event.type, problem: checked.problem }, 'skipping malformed event');
      return { kind: 'invalid' };
    }
    const result: RecordedEventResult = await this.events.recordOnce(checked.event);
    return { kind: result.inserted ? 'recorded' : 'duplicate', projectHasIntegrations: result.projectHasIntegrations };
  }
}
