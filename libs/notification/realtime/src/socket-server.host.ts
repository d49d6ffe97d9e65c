import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { REALTIME_NAMESPACES, SECURITY_NAMESPACE, type RealtimeNamespace } from './realtime.protocol.js';
import { createRealtimeAdapter } from './realtime-adapter.js';
import { PREFERENCES_CHANGED, RealtimeClientGateway } from './realtime-client.gateway.js';
import { RealtimePreferencesStore } from './realtime-preferences.store.js';
import { RealtimeRedis } from './realtime-redis.js';
import type { RealtimeNamespaceHandle, RealtimeServer } from './realtime-socket.types.js';
import { createHandshakeAuth, refuseNamespace } from './socket-handshake.auth.js';

/** Resolves once the connection can take commands (bounded: boot fails instead of hanging). */
function waitUntilReady(redis: RealtimeRedis['sub'], timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * Owns the socket.io server, attached to the Fastify HTTP server so sockets share the service port.
 * Rooms are shared between instances through the Redis adapter: an emit to a room on one instance
 * reaches the room's sockets on every instance (see createRealtimeAdapter).
 */
@Injectable()
export class SocketServerHost implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(SocketServerHost.name);
  private io?: RealtimeServer;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    private readonly redis: RealtimeRedis,
    private readonly gateway: RealtimeClientGateway,
    private readonly preferences: RealtimePreferencesStore,
  ) {}

  async onModuleInit(): Promise<void> {
    // The adapter subscribes at once; an SSUBSCRIBE queued before the connection is ready races
    // ioredis's own CLIENT SETNAME / ready check and fails with "Connection in subscriber mode".
    await Promise.all([waitUntilReady(this.redis.pub), waitUntilReady(this.redis.sub)]);
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    const io: RealtimeServer = new Server(httpServer, {
      serveClient: false,
      maxHttpBufferSize: this.options.maxMessageBytes,
      cors: this.options.corsOrigins.length > 0 ? { origin: this.options.corsOrigins.includes('*') ? true : this.options.corsOrigins } : undefined,
      adapter: createRealtimeAdapter(this.redis.pub, this.redis.sub),
    });
    io.of('/').use(refuseNamespace(REALTIME_NAMESPACES));
    const auth = createHandshakeAuth(this.options.internalToken, this.preferences);
    for (const name of REALTIME_NAMESPACES) {
      const namespace = io.of(name);
      namespace.use(auth);
      namespace.on('connection', (socket) => this.gateway.onConnection(name, socket));
    }
    // Another instance tells that a person changed their preferences: their sockets here follow.
    io.of(SECURITY_NAMESPACE).on(PREFERENCES_CHANGED, (message: unknown) => void this.gateway.onPreferencesChanged(message));
    this.io = io;
  }

  namespace(name: RealtimeNamespace): RealtimeNamespaceHandle {
    if (!this.io) throw new Error('socket.io server not started');
    return this.io.of(name);
  }

  /**
   * Before the HTTP server closes (it would wait for open websockets). Only this instance's sockets
   * are closed: `disconnectSockets()` would go through the adapter and drop every instance's clients.
   * `io.close()` is not used because it also closes the HTTP server, which Fastify owns.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const io = this.io;
    if (!io) return;
    this.io = undefined;
    const namespaces = [io.of('/'), ...REALTIME_NAMESPACES.map((name) => io.of(name))];
    for (const namespace of namespaces) {
      for (const socket of namespace.sockets.values()) socket.disconnect(true);
    }
    const results = await Promise.allSettled(namespaces.map((namespace) => namespace.adapter.close()));
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn({ err: String(result.reason) }, 'socket.io adapter did not close cleanly');
    }
    io.engine.close();
  }
}
