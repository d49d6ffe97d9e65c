import { buildSubgraphSchema } from '@apollo/subgraph';
import { SERVICE_DEFINITION_QUERY } from '@apollo/gateway';
import { CORRELATION_HEADER, IDENTITY_HEADER, verifyIdentity, type CallerIdentity } from '@so/shared';
import { graphql, parse, type GraphQLSchema } from 'graphql';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SubgraphRequest {
  query: string;
  identity?: CallerIdentity;
  rawIdentity?: string;
  correlationId?: string;
  authorization?: string;
  apiKeyHeader?: string;
}

export interface SubgraphDouble {
  name: string;
  url: string;
  requests: SubgraphRequest[];
  close(): Promise<void>;
}

export interface SubgraphContext {
  identity: CallerIdentity;
}

type Resolvers = Parameters<typeof buildSubgraphSchema>[0] extends infer T
  ? T extends { resolvers?: infer R }
    ? R
    : never
  : never;

/**
 * A real, minimal Apollo subgraph on a loopback port: a test double of a peer at the network
 * boundary. Like the real services it answers `_service { sdl }` to anyone and everything else only
 * with a valid signed identity; it records what the gateway sent.
 */
export async function startSubgraphDouble(
  name: string,
  sdl: string,
  resolvers: Resolvers,
  internalToken: string,
  port = 0,
): Promise<SubgraphDouble> {
  const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  const requests: SubgraphRequest[] = [];
  const handler: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query: string;
          variables?: Record<string, unknown>;
        };
        const rawIdentity = req.headers[IDENTITY_HEADER] as string | undefined;
        const identity = verifyIdentity(rawIdentity, internalToken);
        requests.push({
          query: body.query,
          identity,
          rawIdentity,
          correlationId: req.headers[CORRELATION_HEADER] as string | undefined,
          authorization: req.headers.authorization,
          apiKeyHeader: req.headers['x-api-key'] as string | undefined,
        });
        res.setHeader('content-type', 'application/json');
        if (body.query !== SERVICE_DEFINITION_QUERY && !identity) {
          res.end(
            JSON.stringify({
              errors: [{ message: 'missing or invalid identity', extensions: { code: 'UNAUTHENTICATED' } }],
            }),
          );
          return;
        }
        const result = await graphql({
          schema,
          source: body.query,
          variableValues: body.variables,
          contextValue: { identity },
        });
        res.end(JSON.stringify(result));
      })();
    });
  };
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return { name, url: `http://127.0.0.1:${bound}/graphql`, requests, close };
}

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

const entity = (field: string, prefix: string): Resolvers => ({
  SecurityAnalysis: {
    __resolveReference: (reference: { id: string }, context: unknown) => ({
      id: reference.id,
      [field]: [`${prefix}:${reference.id}:${(context as SubgraphContext).identity.orgId}`],
    }),
  },
});

/** The three subgraphs of the platform, reduced to what proves entity resolution and identity forwarding. */
export const PLATFORM_SUBGRAPHS: Record<'analysis' | 'integration' | 'webhook', { sdl: string; resolvers: Resolvers }> =
  {
    analysis: {
      sdl: `${FEDERATION_LINK}
      type SecurityAnalysis @key(fields: "id") { id: ID! projectId: String! status: String! orgId: String! }
      type Query { securityAnalysis(id: ID!): SecurityAnalysis }`,
      resolvers: {
        Query: {
          securityAnalysis: (_: unknown, args: { id: string }, context: unknown) => ({
            id: args.id,
            projectId: 'shop-api',
            status: 'COMPLETED',
            orgId: (context as SubgraphContext).identity.orgId,
          }),
        },
      },
    },
    webhook: {
      sdl: `${FEDERATION_LINK}
      type SecurityAnalysis @key(fields: "id") { id: ID! webhookDeliveries: [String!]! }`,
      resolvers: entity('webhookDeliveries', 'delivery'),
    },
    integration: {
      sdl: `${FEDERATION_LINK}
      type SecurityAnalysis @key(fields: "id") { id: ID! integrationEvents: [String!]! }`,
      resolvers: entity('integrationEvents', 'event'),
    },
  };

export async function startPlatformSubgraphs(
  internalToken: string,
): Promise<Record<'analysis' | 'integration' | 'webhook', SubgraphDouble>> {
  const start = (name: keyof typeof PLATFORM_SUBGRAPHS) =>
    startSubgraphDouble(name, PLATFORM_SUBGRAPHS[name].sdl, PLATFORM_SUBGRAPHS[name].resolvers, internalToken);
  return {
    analysis: await start('analysis'),
    integration: await start('integration'),
    webhook: await start('webhook'),
  };
}
