/**
 * BullMQ queues and job names. These strings are stored in Redis with queued jobs:
 * do not rename one while jobs of that name may still be waiting.
 */
export enum QueueName {
  AnalysisRun = 'analysis-run',
  WebhookDelivery = 'webhook-delivery',
  WebhookMaintenance = 'webhook-maintenance',
  IntegrationDispatch = 'integration-dispatch',
}

export enum JobName {
  AnalysisRun = 'analysis.run',
  WebhookDeliver = 'webhook.deliver',
  WebhookCleanup = 'webhook.cleanup',
  IntegrationDeliver = 'integration.deliver',
}

export interface AnalysisRunJob {
  analysisId: string;
  orgId: string;
  projectId: string;
  correlationId: string;
}

export interface WebhookDeliverJob {
  messageId: string;
  endpointId: string;
  correlationId: string;
  /**
   * Attempts made before this job existed (a first attempt sent straight from the fan-out that
   * failed): they count against the retry schedule. Absent means 0.
   */
  attemptsBefore?: number;
}

/** Repeatable: enforces payload retention and disables endpoints failing for too long. */
export interface WebhookCleanupJob {
  correlationId: string;
}

/** One integration's batch of one analysis's findings, pushed to the external system. */
export interface IntegrationDeliverJob {
  deliveryId: string;
  integrationId: string;
  correlationId: string;
}

/** Job name → payload; `JobOf<N>` gives the payload a producer must pass for job `N`. */
export interface JobPayloadMap {
  [JobName.AnalysisRun]: AnalysisRunJob;
  [JobName.WebhookDeliver]: WebhookDeliverJob;
  [JobName.WebhookCleanup]: WebhookCleanupJob;
  [JobName.IntegrationDeliver]: IntegrationDeliverJob;
}

export type JobOf<N extends JobName> = JobPayloadMap[N];

/** Which queue each job runs on. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.AnalysisRun]: QueueName.AnalysisRun,
  [JobName.WebhookDeliver]: QueueName.WebhookDelivery,
  [JobName.WebhookCleanup]: QueueName.WebhookMaintenance,
  [JobName.IntegrationDeliver]: QueueName.IntegrationDispatch,
};
