import type { CallerIdentity } from '@so/shared';
import type DataLoader from 'dataloader';
import type { IntegrationEventType } from './types/integration-event.type.js';

/** Per-request GraphQL context: the verified caller (absent without a valid `x-so-identity`) and its loaders. */
export interface IntegrationGraphqlContext {
  identity?: CallerIdentity;
  /** Created per request for the caller's org, so batched reads can never mix orgs. */
  integrationEventsByAnalysis?: DataLoader<string, IntegrationEventType[]>;
}
