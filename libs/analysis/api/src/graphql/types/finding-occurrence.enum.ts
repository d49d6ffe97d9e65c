import { registerEnumType } from '@nestjs/graphql';

/** Whether the previous analysis of the same target reported the finding too. */
export enum FindingOccurrenceValue {
  NEW = 'new',
  RECURRING = 'recurring',
}

registerEnumType(FindingOccurrenceValue, {
  name: 'FindingOccurrence',
  description: 'Whether the previous completed analysis of the same target reported the finding too.',
});
