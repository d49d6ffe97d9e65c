import { isIP } from 'node:net';
import { isLoopbackHost } from './loopback.js';

const GUARDED = Symbol.for('so.testing.networkGuard');
// Each jest test file runs in its own context with its own copy of this module. Keeping the
// unpatched function on the patched object lets every file re-install its own wrapper, so
// `instanceof NetworkGuardError` holds in the file that sees the error.
const ORIGINAL = Symbol.for('so.testing.networkGuard.original');

/** Thrown (or passed to callbacks) when a test tries to reach anything but loopback. */
export class NetworkGuardError extends Error {
  readonly code = 'E_NETWORK_GUARD';

  constructor(what: string) {
    super(
      `network guard: ${what} blocked. Tests may only reach loopback (127.0.0.1, ::1, localhost); ` +
        'start a local server (startHttpServer from @so/testing) or inject a fake instead.',
    );
    this.name = 'NetworkGuardError';
  }
}

type Callback = (...args: unknown[]) => void;
type LookupFunction = (hostname: string, options: unknown, callback: Callback) => void;
interface ConnectTarget {
  options?: Record<string, unknown>;
  host?: string;
  port?: unknown;
  path?: string;
}
interface ConnectablePrototype {
  connect: (...args: unknown[]) => unknown;
}

function marked(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[GUARDED] === true;
}

function mark<T extends object>(fn: T): T {
  Object.defineProperty(fn, GUARDED, { value: true });
  return fn;
}

/** The unpatched function behind `fn` (itself when it was never patched). */
function unwrapped<T>(fn: T): T {
  return marked(fn) ? ((fn as unknown as Record<symbol, T>)[ORIGINAL] ?? fn) : fn;
}

function wrap<T extends object>(wrapper: T, original: unknown): T {
  Object.defineProperty(wrapper, ORIGINAL, { value: unwrapped(original) });
  return mark(wrapper);
}

/** Reads host/port/path from any of `socket.connect`'s call shapes (incl. Node's pre-normalised array). */
function connectTarget(args: unknown[]): ConnectTarget {
  const [first, second] = args;
  const fromOptions = (options: Record<string, unknown>): ConnectTarget => ({
    options,
    host: typeof options.host === 'string' ? options.host : undefined,
    port: options.port,
    path: typeof options.path === 'string' ? options.path : undefined,
  });
  if (Array.isArray(first))
    return typeof first[0] === 'object' && first[0] !== null ? fromOptions(first[0] as Record<string, unknown>) : {};
  if (typeof first === 'object' && first !== null) return fromOptions(first as Record<string, unknown>);
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: first, host: typeof second === 'string' ? second : undefined };
  }
  if (typeof first === 'string') return { path: first };
  return {};
}

/** Wraps a caller-supplied DNS `lookup` so that it may only produce loopback addresses. */
function guardLookup(lookup: LookupFunction, hostname: string): LookupFunction {
  if (marked(lookup)) return lookup;
  return wrap(function guardedLookup(this: unknown, host: string, options: unknown, callback: Callback) {
    const cb = typeof options === 'function' ? (options as Callback) : callback;
    const opts = typeof options === 'function' ? {} : options;
    lookup.call(this, host, opts, (error: unknown, address: unknown, family: unknown) => {
      if (error) return cb(error);
      const list = Array.isArray(address)
        ? (address as { address: string }[]).map((a) => a.address)
        : [String(address)];
      const bad = list.find((a) => !isLoopbackHost(a));
      if (bad !== undefined) return cb(new NetworkGuardError(`connection to ${hostname} (resolved to ${bad})`));
      cb(null, address, family);
    });
  }, lookup);
}

/**
 * Patches `proto.connect` (default: `net.Socket.prototype`, which http, https, undici/fetch,
 * ioredis, pg, http2 and grpc-js all go through) so that connecting to a non-loopback address throws
 * a {@link NetworkGuardError} before any packet is sent. Unix sockets and loopback pass through.
 * Idempotent. Host names other than `localhost` are refused unless the caller passed its own `lookup`,
 * whose answers are then checked instead.
 */
export function installNetworkGuard(proto: ConnectablePrototype): void {
  const original = unwrapped(proto.connect);
  proto.connect = wrap(function guardedConnect(this: unknown, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target.path === undefined) {
      const host = target.host ?? 'localhost';
      if (!isLoopbackHost(host)) {
        const lookup = target.options?.lookup;
        if (isIP(host) !== 0 || typeof lookup !== 'function' || target.options === undefined) {
          throw new NetworkGuardError(`connection to ${host}:${String(target.port)}`);
        }
        target.options.lookup = guardLookup(lookup as LookupFunction, host);
      }
    }
    return original.apply(this, args);
  }, original);
}

interface DnsModule {
  lookup: (...args: unknown[]) => unknown;
  [name: string]: unknown;
}

/** DNS functions that query a resolver for anything other than localhost / IP literals refuse to. */
export function installDnsGuard(dns: DnsModule, dnsPromises: DnsModule): void {
  const blocked = (hostname: unknown) =>
    typeof hostname === 'string' && hostname.toLowerCase() !== 'localhost' && isIP(hostname) === 0;

  const originalLookup = unwrapped(dns.lookup);
  dns.lookup = wrap(function guardedLookup(this: unknown, ...args: unknown[]) {
    if (blocked(args[0])) {
      const callback = args.findLast((a) => typeof a === 'function') as Callback | undefined;
      const error = new NetworkGuardError(`DNS lookup of ${String(args[0])}`);
      if (!callback) throw error;
      process.nextTick(() => callback(error));
      return {};
    }
    return originalLookup.apply(this, args);
  }, originalLookup);
  const originalPromiseLookup = unwrapped(dnsPromises.lookup);
  dnsPromises.lookup = wrap(function guardedLookup(this: unknown, ...args: unknown[]) {
    if (blocked(args[0])) return Promise.reject(new NetworkGuardError(`DNS lookup of ${String(args[0])}`));
    return originalPromiseLookup.apply(this, args);
  }, originalPromiseLookup);

  // resolve*/reverse always ask a DNS server.
  const refuse = (module: DnsModule, asPromise: boolean) => {
    for (const name of Object.getOwnPropertyNames(module)) {
      if (!/^(resolve|reverse)/.test(name) || typeof module[name] !== 'function') continue;
      module[name] = wrap(function guardedResolve(...args: unknown[]) {
        const error = new NetworkGuardError(`DNS query ${name}(${String(args[0])})`);
        if (asPromise) return Promise.reject(error);
        const callback = args.findLast((a) => typeof a === 'function') as Callback | undefined;
        if (!callback) throw error;
        process.nextTick(() => callback(error));
        return undefined;
      }, module[name]);
    }
  };
  refuse(dns, false);
  refuse(dnsPromises, true);
  for (const [module, asPromise] of [
    [dns, false],
    [dnsPromises, true],
  ] as const) {
    const resolver = module.Resolver as { prototype: DnsModule } | undefined;
    if (resolver) refuse(resolver.prototype, asPromise);
  }
}

/** True when {@link installNetworkGuard} patched this prototype. */
export function isNetworkGuardInstalled(proto: ConnectablePrototype): boolean {
  return marked(proto.connect);
}
