import type { AnyDomainEvent } from '@so/contracts';
import { ERROR_KIND_MAPPING, isDomainException, type CallerIdentity } from '@so/shared';
import { buildSchema, GraphQLError, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { selectedEvents } from './event-queue.iterator.js';
import type { EventStreamTail } from './event-stream.tail.js';

/** The subscription half of the public graph (Apollo Gateway cannot federate subscriptions). */
export const SUBSCRIPTION_SDL = /* GraphQL */ `
  type Query {
    "Subscriptions are served over graphql-ws on /graphql; queries go to the federated graph."
    subscriptionsOnly: Boolean
  }

  type Subscription {
    "Lifecycle and progress of one analysis of the caller's org; completes after its final status."
    analysisProgress(analysisId: ID!): AnalysisProgressEvent!
    "Findings detected in one project of the caller's org, as they are recorded."
    realTimeFindings(projectId: ID!): FindingEvent!
    "Status changes of one integration of the caller's org."
    integrationStatus(integrationId: ID!): IntegrationStatusEvent!
  }

  type AnalysisProgressEvent {
    eventId: ID!
    eventType: String!
    analysisId: ID!
    projectId: String!
    status: String!
    stage: String
    percent: Float
    message: String
    findingCount: Int
    score: Float
    reason: String
    occurredAt: String!
  }

  type FindingEvent {
    eventId: ID!
    analysisId: ID!
    projectId: String!
    findingId: ID!
    ruleId: String!
    title: String!
    severity: String!
    owaspCategory: String!
    cweId: String!
    location: String!
    fingerprint: String!
    occurredAt: String!
  }

  type IntegrationStatusEvent {
    eventId: ID!
    integrationId: ID!
    status: String!
    previousStatus: String
    message: String!
    occurredAt: String!
  }
`;

export interface SubscriptionContext {
  identity: CallerIdentity;
}

const TERMINAL = new Set(['analysis.completed', 'analysis.failed', 'analysis.cancelled']);
const STATUS_OF: Record<string, string> = {
  'analysis.started': 'PENDING',
  'analysis.progress': 'IN_PROGRESS',
  'analysis.completed': 'COMPLETED',
  'analysis.failed': 'FAILED',
  'analysis.cancelled': 'CANCELLED',
};

/** Every selection starts here: an event of another org is never seen by this subscription. */
const sameOrg = (event: AnyDomainEvent, identity: CallerIdentity) => event.orgId === identity.orgId;

export function analysisProgressEvent(event: AnyDomainEvent, analysisId: string) {
  if (!(event.type in STATUS_OF) || (event.data as { analysisId?: string }).analysisId !== analysisId) return undefined;
  const data = event.data as Partial<Record<'stage' | 'message' | 'reason', string> & Record<'percent' | 'findingCount' | 'score', number>>;
  return {
    eventId: event.id,
    eventType: event.type,
    analysisId,
    projectId: event.projectId,
    status: STATUS_OF[event.type],
    stage: data.stage ?? null,
    percent: data.percent ?? null,
    message: data.message ?? null,
    findingCount: data.findingCount ?? null,
    score: data.score ?? null,
    reason: data.reason ?? null,
    occurredAt: event.occurredAt,
  };
}

function requireScope(identity: CallerIdentity, scopes: string[]): void {
  if (identity.scopes.includes('*') || scopes.some((scope) => identity.scopes.includes(scope))) return;
  throw new GraphQLError(`this subscription needs an API key with scope '${scopes.join("' or '")}'`, {
    extensions: { code: 'FORBIDDEN', errorCode: 'AUTH.INSUFFICIENT_SCOPE' },
  });
}

function requireId(name: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  throw new GraphQLError(`${name} must be a non-empty id of at most 200 characters`, { extensions: { code: 'BAD_USER_INPUT' } });
}

type SubscriptionField = GraphQLFieldConfig<unknown, SubscriptionContext, Record<string, unknown>>;

/** The current state of an analysis, read when a subscription opens. Throws DomainException NOT_FOUND for another org's or an unknown id. */
export interface AnalysisSnapshot {
  projectId: string;
  status: string;
  errorMessage: string | null;
  occurredAt: string;
}
export type AnalysisSnapshotLookup = (identity: CallerIdentity, analysisId: string) => Promise<AnalysisSnapshot>;

const EVENT_OF_FINAL_STATUS: Record<string, string> = { COMPLETED: 'analysis.completed', FAILED: 'analysis.failed', CANCELLED: 'analysis.cancelled' };

function toGraphQLError(error: unknown): GraphQLError {
  if (isDomainException(error)) {
    return new GraphQLError(error.message, { extensions: { code: ERROR_KIND_MAPPING[error.kind].graphql, errorCode: error.code } });
  }
  return new GraphQLError('the analysis state could not be read', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/** Builds the executable subscription schema over one event stream tail. */
export function createSubscriptionSchema(tail: EventStreamTail, lookup?: AnalysisSnapshotLookup): GraphQLSchema {
  const schema = buildSchema(SUBSCRIPTION_SDL);
  const resolvers: Record<string, Pick<SubscriptionField, 'subscribe'>> = {
    analysisProgress: {
      subscribe: async (_root, args, { identity }) => {
        requireScope(identity, ['analyses:read', 'realtime:subscribe']);
        const analysisId = requireId('analysisId', args.analysisId);
        // Listen before reading the state, so an event published in between is not lost.
        const events = selectedEvents(tail, {
          select: (event) => (sameOrg(event, identity) ? analysisProgressEvent(event, analysisId) : undefined),
          isLast: (event) => TERMINAL.has(event.type),
        });
        if (!lookup) return events;
        let snapshot: AnalysisSnapshot;
        try {
          snapshot = await lookup(identity, analysisId);
        } catch (error) {
          await events.return?.();
          throw toGraphQLError(error);
        }
        const finalEvent = EVENT_OF_FINAL_STATUS[snapshot.status];
        if (!finalEvent) return events;
        // Already over: one event with the final status, then the subscription completes (no wait forever).
        await events.return?.();
        return once({
          eventId: `${analysisId}:${snapshot.status}`,
          eventType: finalEvent,
          analysisId,
          projectId: snapshot.projectId,
          status: snapshot.status,
          stage: null,
          percent: snapshot.status === 'COMPLETED' ? 100 : null,
          message: null,
          findingCount: null,
          score: null,
          reason: snapshot.errorMessage,
          occurredAt: snapshot.occurredAt,
        });
      },
    },
    realTimeFindings: {
      subscribe: (_root, args, { identity }) => {
        requireScope(identity, ['analyses:read', 'realtime:subscribe']);
        const projectId = requireId('projectId', args.projectId);
        return selectedEvents(tail, {
          select: (event) =>
            sameOrg(event, identity) && event.type === 'finding.detected' && event.projectId === projectId
              ? { ...event.data, eventId: event.id, projectId: event.projectId, occurredAt: event.occurredAt }
              : undefined,
        });
      },
    },
    integrationStatus: {
      subscribe: (_root, args, { identity }) => {
        requireScope(identity, ['integrations:read', 'realtime:subscribe']);
        const integrationId = requireId('integrationId', args.integrationId);
        return selectedEvents(tail, {
          select: (event) =>
            sameOrg(event, identity) && event.type === 'integration.status_changed' && event.data.integrationId === integrationId
              ? { ...event.data, eventId: event.id, occurredAt: event.occurredAt }
              : undefined,
        });
      },
    },
  };
  // buildSchema gives an SDL-first schema without resolvers; graphql-js field objects are the
  // documented place to attach them. Each pushed value is the field's value as is.
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, resolver] of Object.entries(resolvers)) {
    const field = fields[name];
    if (!field) throw new Error(`subscription field ${name} missing from SUBSCRIPTION_SDL`);
    field.subscribe = resolver.subscribe;
    field.resolve = (value: unknown) => value;
  }
  return schema;
}
