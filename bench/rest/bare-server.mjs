// The REST benchmark's baseline: a bare Fastify handler answering the same JSON the gateway returns,
// in its own process like the gateway. Usage: node bare-server.mjs <port> <json-file>
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [port, file] = process.argv.slice(2);
const body = readFileSync(file, 'utf8');
const app = Fastify({ logger: false });
app.get('/api/v1/projects/:projectId/analysis/:analysisId', (_request, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(body);
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
