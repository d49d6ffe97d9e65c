// Jest setupFiles entry: runs in every test file before it loads. Imported by relative path (not the
// @so/testing alias) so each file does not also load pg and the rest of the testing library.
import { installDnsGuard, installNetworkGuard } from '../../libs/testing/src/net/network-guard.js';

// process.getBuiltinModule gives the real module objects without creating this file's own ESM
// snapshot of node:dns, so test files that import { lookup } afterwards get the guarded functions.
const net = process.getBuiltinModule('node:net');
installNetworkGuard(net.Socket.prototype as unknown as Parameters<typeof installNetworkGuard>[0]);
installDnsGuard(
  process.getBuiltinModule('node:dns') as unknown as Parameters<typeof installDnsGuard>[0],
  process.getBuiltinModule('node:dns/promises') as unknown as Parameters<typeof installDnsGuard>[1],
);
