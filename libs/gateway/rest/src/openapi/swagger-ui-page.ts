import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The swagger-ui-dist files the page needs; nothing else from that folder is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** swagger-ui-dist as installed for @nestjs/swagger (resolved from there, so versions match). */
function swaggerUiDistFolder(): string {
  const fromHere = createRequire(import.meta.url);
  const fromSwagger = createRequire(fromHere.resolve('@nestjs/swagger/package.json'));
  return dirname(fromSwagger.resolve('swagger-ui-dist/package.json'));
}

/**
 * Swagger UI at `basePath`, reading the document at `documentUrl`. Served by plain routes instead of
 * SwaggerModule's @fastify/static (which cannot load under Jest's ESM runtime, where the end-to-end
 * tests boot the gateway, and would exit the process). All assets are local; the online validator is off.
 */
export function registerSwaggerUiPage(instance: FastifyInstance, basePath: string, documentUrl: string): void {
  const folder = swaggerUiDistFolder();
  const cache = new Map<string, Buffer>();
  const page = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>SecurityOrchestrator API</title>
  <link rel="stylesheet" href="${basePath}/assets/swagger-ui.css" />
  <link rel="icon" type="image/png" href="${basePath}/assets/favicon-32x32.png" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${basePath}/assets/swagger-ui-bundle.js"></script>
  <script src="${basePath}/assets/swagger-ui-standalone-preset.js"></script>
  <script src="${basePath}/assets/init.js"></script>
</body>
</html>`;
  const init = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(documentUrl)},
  dom_id: '#swagger-ui',
  validatorUrl: null,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout'
});`;

  instance.get(basePath, (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  instance.get(`${basePath}/assets/init.js`, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(init),
  );
  instance.get<{ Params: { file: string } }>(`${basePath}/assets/:file`, async (request, reply) => {
    const type = ASSETS[request.params.file];
    if (!type) return reply.callNotFound();
    let content = cache.get(request.params.file);
    if (!content) {
      content = await readFile(join(folder, request.params.file));
      cache.set(request.params.file, content);
    }
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(content);
  });
}
