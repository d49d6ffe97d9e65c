export { startVulnerableApi } from './start-vulnerable-api.js';
export type { RunningVulnerableApi, VulnerableApiOptions } from './start-vulnerable-api.js';
export { buildOpenApiDocument } from './openapi/openapi-document.js';
export { shippingSignature } from './auth/authenticate.js';
export { loadManifest } from './manifest.js';
export type { FlawManifest, ManifestFlaw } from './manifest.js';
