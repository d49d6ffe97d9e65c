/** The Redis stream that carries domain events; each consuming service reads it with its own consumer group. */
export const DOMAIN_EVENT_STREAM = 'so:events';
