// Baseline for bench/grpc: a bare @grpc/grpc-js server for the same proto, answering
// AnalyzeSecurity and GetIntegrationStatus from memory (no auth, no database, no peers).
// Usage: node bare-echo-server.mjs <port> <proto file>; prints "ready" when listening.
import { loadPackageDefinition, Server, ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { randomUUID } from 'node:crypto';

const [port, protoFile] = process.argv.slice(2);
const definition = loadPackageDefinition(loadSync(protoFile, { keepCase: false, longs: Number, enums: Number, defaults: true }));
const server = new Server();
server.addService(definition.security.orchestrator.SecurityOrchestratorService.service, {
  AnalyzeSecurity: (call, callback) => callback(null, { analysisId: randomUUID(), projectId: call.request.projectId, status: 0 }),
  GetIntegrationStatus: (call, callback) => callback(null, { integrationId: call.request.integrationId, status: 2, message: 'ok' }),
});
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  process.stdout.write('ready\n');
});
process.on('SIGTERM', () => server.forceShutdown());
