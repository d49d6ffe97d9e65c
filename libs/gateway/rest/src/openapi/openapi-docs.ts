import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { registerSwaggerUiPage } from './swagger-ui-page.js';

/** Path of the docs (Swagger UI) and of the raw document at `<path>/openapi.json`. */
export const OPENAPI_DOCS_PATH = 'docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SecurityOrchestrator API')
    .setDescription(
      'Finds security flaws in HTTP APIs (OWASP API Top 10 2023). Authenticate with `Authorization: Bearer <api key>` ' +
        'or `X-API-Key: <api key>`. Errors are RFC 9457 problem+json with a stable `code`. Rate limits answer 429 ' +
        'with `Retry-After` and `RateLimit-*` headers. The federated GraphQL API is at `/graphql`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (so_live_...)' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** `/docs` (Swagger UI), `/docs/openapi.json` and `/docs/openapi.yaml`; call before `listen`. */
export function setupOpenApiDocs(app: INestApplication): void {
  const documentUrl = `/${OPENAPI_DOCS_PATH}/openapi.json`;
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, () => buildOpenApiDocument(app), {
    ui: false,
    jsonDocumentUrl: documentUrl,
    yamlDocumentUrl: `/${OPENAPI_DOCS_PATH}/openapi.yaml`,
  });
  registerSwaggerUiPage(app.getHttpAdapter().getInstance() as FastifyInstance, `/${OPENAPI_DOCS_PATH}`, documentUrl);
}
