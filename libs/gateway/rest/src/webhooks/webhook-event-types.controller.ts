import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '@so/gateway-auth';
import { EVENT_CATALOGUE, EVENT_SCHEMA_VERSION } from '@so/contracts';
import { z } from 'zod';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';

const EventTypeViewSchema = z.object({
  type: z.string().describe('Subscribe with this name, its prefix wildcard (analysis.*) or *'),
  description: z.string(),
  example: z
    .object({
      id: z.string().describe('Event id; also the webhook-id of its deliveries, stable across retries'),
      type: z.string(),
      occurredAt: z.string(),
      orgId: z.string(),
      projectId: z.string(),
      schemaVersion: z.number().int(),
      correlationId: z.string(),
      data: z.record(z.string(), z.unknown()),
    })
    .describe('A delivery body of this type, exactly as signed and sent'),
});
const EventTypeListViewSchema = z.object({ items: z.array(EventTypeViewSchema) });
type EventTypeListView = z.infer<typeof EventTypeListViewSchema>;

/** Built once: the catalogue is fixed at build time. */
const EVENT_TYPE_LIST: EventTypeListView = {
  items: EVENT_CATALOGUE.map((entry, index) => ({
    type: entry.type,
    description: entry.description,
    example: {
      id: `1f0e2d3c-4b5a-4968-8776-${String(index).padStart(12, '0')}`,
      type: entry.type,
      occurredAt: '2026-11-27T08:00:00.000Z',
      orgId: 'a3c5e7f9-1b2d-4f6a-8c0e-2d4f6a8c0e1b',
      projectId: 'shop-api',
      schemaVersion: EVENT_SCHEMA_VERSION,
      correlationId: 'req-7f3a9c',
      data: entry.exampleData as unknown as Record<string, unknown>,
    },
  })),
};

/** The event catalogue for partners choosing what to subscribe to and writing their receivers. */
@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/event-types')
export class WebhookEventTypesController {
  @Get()
  @RequireScope('webhooks:read')
  @ApiOperation({
    summary: 'List the event types endpoints can subscribe to',
    description: 'Each type with what it means and an example delivery body (the signed envelope: id, type, occurredAt, orgId, projectId, schemaVersion, correlationId, data).',
  })
  @ApiResponse({ status: 200, schema: openApiSchema(EventTypeListViewSchema) })
  @ApiProblemResponses(401, 403, 429)
  list(): EventTypeListView {
    return EVENT_TYPE_LIST;
  }
}
