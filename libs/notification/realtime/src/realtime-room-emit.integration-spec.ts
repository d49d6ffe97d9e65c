import { testRedisUrl, waitFor } from '@so/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { SECURITY_NAMESPACE } from './realtime.protocol.js';
import { adapterSubscriptionsSettled, createRealtimeAdapter } from './realtime-adapter.js';
import { emitToRooms } from './realtime-room-emit.js';
import type { RealtimeNamespaceHandle, RealtimeServer } from './realtime-socket.types.js';

/** Pub/sub channels are not scoped to a logical database; rooms named per test keep tests apart. */
const REDIS_DB = 9;

/** One notification instance as the adapter sees it: a socket.io server with its two Redis connections. */
interface Instance {
  http: HttpServer;
  io: RealtimeServer;
  pub: Redis;
  sub: Redis;
  /** Adapter messages this instance's subscriber connection received from Redis. */
  received: () => number;
  url: string;
}

/** A connected client and the server side of its socket, which the test joins to rooms. */
interface Client {
  socket: ClientSocket;
  messages: string[];
  join(rooms: string[]): Promise<void>;
  leave(room: string): Promise<void>;
}

async function startInstance(): Promise<Instance> {
  const pub = new Redis(testRedisUrl(REDIS_DB));
  const sub = new Redis(testRedisUrl(REDIS_DB));
  await Promise.all([pub.ping(), sub.ping()]);
  let received = 0;
  sub.on('smessageBuffer', () => received++);
  const http = createServer();
  const io: RealtimeServer = new Server(http, { adapter: createRealtimeAdapter(pub, sub) });
  io.of(SECURITY_NAMESPACE);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { http, io, pub, sub, received: () => received, url: `http://127.0.0.1:${port}` };
}

async function stopInstance(instance: Instance): Promise<void> {
  instance.io.of(SECURITY_NAMESPACE).disconnectSockets(true);
  await instance.io.of(SECURITY_NAMESPACE).adapter.close();
  instance.io.engine.close();
  await new Promise<void>((resolve) => instance.http.close(() => resolve()));
  await Promise.all([instance.pub.quit(), instance.sub.quit()]);
}

async function connect(instance: Instance): Promise<Client> {
  const namespace = instance.io.of(SECURITY_NAMESPACE);
  const serverSide = new Promise<string>((resolve) => namespace.once('connection', (socket) => resolve(socket.id)));
  const socket = connectClient(`${instance.url}${SECURITY_NAMESPACE}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const messages: string[] = [];
  socket.on('MESSAGE', (text: string) => messages.push(text));
  const id = await serverSide;
  const server = () => {
    const found = namespace.sockets.get(id);
    if (!found) throw new Error(`socket ${id} is gone`);
    return found;
  };
  return {
    socket,
    messages,
    // As the gateway does: a join counts once the instance listens on the rooms' channels.
    join: async (rooms) => {
      await server().join(rooms);
      await adapterSubscriptionsSettled(instance.sub);
    },
    leave: async (room) => {
      await server().leave(room);
      await adapterSubscriptionsSettled(instance.sub);
    },
  };
}

/**
 * Resolves once whatever `from` published so far has reached every subscriber connection: its
 * SPUBLISHes are answered in order before this PING, and Redis queues a published message to the
 * subscribers before answering the SPUBLISH; each subscriber's PING reply then comes after them.
 */
async function delivered(from: Instance, to: Instance[]): Promise<void> {
  await from.pub.ping();
  await Promise.all(to.map((instance) => instance.sub.ping()));
}

describe('emitToRooms over the sharded Redis adapter', () => {
  let a: Instance;
  let b: Instance;
  const clients: Client[] = [];
  const security = (instance: Instance): RealtimeNamespaceHandle => instance.io.of(SECURITY_NAMESPACE);

  async function client(instance: Instance): Promise<Client> {
    const created = await connect(instance);
    clients.push(created);
    return created;
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  });

  afterEach(() => {
    for (const created of clients.splice(0)) created.socket.disconnect();
  });

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopInstance));
  });

  it('reaches sockets in any of the rooms on both instances, each socket once', async () => {
    const analysis = `analysis-${randomUUID()}`;
    const project = `project-${randomUUID()}`;
    const inBothOnB = await client(b);
    const inProjectOnB = await client(b);
    const inNeitherOnB = await client(b);
    const inAnalysisOnA = await client(a);
    await inBothOnB.join([analysis, project]);
    await inProjectOnB.join([project]);
    await inAnalysisOnA.join([analysis]);

    emitToRooms(security(a), [analysis, project], 'MESSAGE', 'from A');
    emitToRooms(security(b), [analysis, project], 'MESSAGE', 'from B');

    await waitFor(() => inBothOnB.messages.length >= 2 && inProjectOnB.messages.length >= 2 && inAnalysisOnA.messages.length >= 2);
    await delivered(a, [a, b]);
    await delivered(b, [a, b]);
    for (const followed of [inBothOnB, inProjectOnB, inAnalysisOnA]) expect(followed.messages.sort()).toEqual(['from A', 'from B']);
    expect(inNeitherOnB.messages).toEqual([]);
  });

  it('costs no instance a received message when nobody follows the rooms, and only the following instances otherwise', async () => {
    const unfollowed = [`analysis-${randomUUID()}`, `project-${randomUUID()}`];
    const before = { a: a.received(), b: b.received() };
    for (let i = 0; i < 10; i++) emitToRooms(security(a), unfollowed, 'MESSAGE', `nobody ${i}`);
    await delivered(a, [a, b]);
    expect({ a: a.received(), b: b.received() }).toEqual(before);

    // Followed on B only: B's connection gets each message once, the emitting instance none back.
    const followed = `analysis-${randomUUID()}`;
    const onB = await client(b);
    await onB.join([followed]);
    emitToRooms(security(a), [followed, ...unfollowed], 'MESSAGE', 'to B');
    await waitFor(() => onB.messages.length === 1);
    await delivered(a, [a, b]);
    expect({ a: a.received(), b: b.received() }).toEqual({ a: before.a, b: before.b + 1 });

    // Left by its last socket, the room's channel is dropped again.
    await onB.leave(followed);
    emitToRooms(security(a), [followed], 'MESSAGE', 'after leaving');
    await delivered(a, [a, b]);
    expect({ a: a.received(), b: b.received() }).toEqual({ a: before.a, b: before.b + 1 });
    expect(onB.messages).toEqual(['to B']);
  });

  it('settles a join only once Redis confirmed the subscriptions sent before it', async () => {
    const confirmed: string[] = [];
    const channels = Array.from({ length: 5 }, () => `so:test#${randomUUID()}#`);
    for (const channel of channels) void b.sub.ssubscribe(channel).then(() => confirmed.push(channel));
    await adapterSubscriptionsSettled(b.sub);
    expect(confirmed).toEqual(channels);
    await b.sub.sunsubscribe(...channels);
  });
});
