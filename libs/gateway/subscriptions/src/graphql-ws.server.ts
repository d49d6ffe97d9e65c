import type { LoggerService } from '@nestjs/common';
import type { ApiKeyAuthenticator } from '@so/gateway-auth';
import type { CallerIdentity } from '@so/shared';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticateConnection } from './connection-auth.js';
import type { SubscriptionContext } from './subscription.schema.js';

interface ConnectionState {
  identity?: CallerIdentity;
  subscriptions: number;
}

/**
 * graphql-ws on the gateway's own HTTP server: websocket upgrades of the GraphQL path are taken
 * here (Fastify never sees them), everything else is left to other upgrade listeners.
 */
export class GraphqlWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new WeakMap<WebSocket, ConnectionState>();
  private readonly disposer: { dispose(): void | Promise<void> };
  private httpServer?: Server;

  constructor(
    private readonly options: { path: string; schema: GraphQLSchema; authenticator: ApiKeyAuthenticator; logger: LoggerService; maxSubscriptionsPerConnection: number },
  ) {
    this.disposer = useServer<Record<string, unknown>, Extra & Record<PropertyKey, unknown>>(
      {
        schema: options.schema,
        connectionInitWaitTimeout: 5_000,
        onConnect: async (ctx) => {
          const result = await authenticateConnection(options.authenticator, ctx.connectionParams);
          if (!result.ok) {
            ctx.extra.socket.close(result.closeCode, result.reason);
            return false;
          }
          this.state(ctx.extra.socket).identity = result.identity;
          return true;
        },
        onSubscribe: (ctx) => {
          const state = this.state(ctx.extra.socket);
          if (state.subscriptions >= options.maxSubscriptionsPerConnection) {
            return [
              new GraphQLError(`at most ${options.maxSubscriptionsPerConnection} subscriptions per connection`, {
                extensions: { code: 'RATE_LIMITED' },
              }),
            ];
          }
          state.subscriptions++;
          return undefined;
        },
        onComplete: (ctx) => {
          const state = this.state(ctx.extra.socket);
          state.subscriptions = Math.max(0, state.subscriptions - 1);
        },
        context: (ctx): SubscriptionContext => {
          const identity = this.state(ctx.extra.socket).identity;
          // onConnect ran before any subscribe; this guards the invariant.
          if (!identity) throw new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
          return { identity };
        },
        onError: (_ctx, _id, _payload, errors) => {
          for (const error of errors) {
            if (!error.extensions?.code) this.options.logger.warn(`subscription error: ${error.message}`, 'GraphqlWsServer');
          }
        },
      },
      this.wss,
    );
  }

  attach(httpServer: Server): void {
    this.httpServer = httpServer;
    httpServer.on('upgrade', this.onUpgrade);
  }

  async close(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) client.close(1001, 'Going away');
    await this.disposer.dispose();
    for (const client of this.wss.clients) client.terminate();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== this.options.path) {
      // Nobody else takes upgrades: answer instead of leaving the socket hanging.
      if (this.httpServer && this.httpServer.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  };

  private state(socket: WebSocket): ConnectionState {
    let state = this.connections.get(socket);
    if (!state) {
      state = { subscriptions: 0 };
      this.connections.set(socket, state);
    }
    return state;
  }
}
