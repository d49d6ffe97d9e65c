/** Injection token of {@link IntegrationEventsOptions}. */
export const INTEGRATION_EVENTS_OPTIONS = Symbol('INTEGRATION_EVENTS_OPTIONS');

export interface IntegrationEventsOptions {
  redisUrl: string;
  /** Names this process in the `integration` consumer group (unique per instance, stable across restarts ideally). */
  consumerName: string;
}
