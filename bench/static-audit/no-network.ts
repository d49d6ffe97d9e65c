// Imported first by each runner: the tools under test must read local files only. Spectral's default
// resolver fetches remote `$ref`s over http(s); the runners drop that resolver, and this guard fails
// any connection or DNS lookup that would leave loopback all the same. Imported by relative path, like
// test/setup/network-guard.ts, so the runners do not also load pg and the rest of @so/testing (that
// would inflate the peak memory measured for both tools).
import { installDnsGuard, installNetworkGuard } from '../../libs/testing/src/net/network-guard.js';

const net = process.getBuiltinModule('node:net');
installNetworkGuard(net.Socket.prototype as unknown as Parameters<typeof installNetworkGuard>[0]);
installDnsGuard(
  process.getBuiltinModule('node:dns') as unknown as Parameters<typeof installDnsGuard>[0],
  process.getBuiltinModule('node:dns/promises') as unknown as Parameters<typeof installDnsGuard>[1],
);
