import './http/fastify-request.augment.js';

export * from './credentials/api-key-credentials.js';
export * from './rate-limit/leased-window.rate-limiter.js';
export * from './rate-limit/rate-limiter.js';
export * from './rate-limit/rate-limit-exceeded.exception.js';
export type * from './http/authenticated-caller.js';
export * from './http/route-access.decorator.js';
export * from './http/current-caller.decorator.js';
export * from './http/api-key-auth.hook.js';
export * from './api-key-authenticator.js';
export * from './auth.options.js';
export * from './auth.module.js';
