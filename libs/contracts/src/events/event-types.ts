/**
 * The public event catalogue. These names are part of the webhook contract with partners:
 * do not rename a type; add a new one and deprecate the old.
 */
export const EVENT_TYPES = [
  'analysis.started',
  'analysis.progress',
  'analysis.completed',
  'analysis.failed',
  'analysis.cancelled',
  'finding.detected',
  'integration.status_changed',
  'webhook.endpoint_disabled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
