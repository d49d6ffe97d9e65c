import type { SourcePosition } from './spec-text.js';

export type JsonObject = Record<string, unknown>;

/** A spec object together with the pointer where it is defined (after following `$ref`). */
export interface SpecNode {
  value: JsonObject;
  pointer: string;
}

/** One schema reached while walking request or response bodies. */
export interface SchemaVisit extends SpecNode {
  /** Pointer of the named schema (or body root) this node belongs to; rules group findings by it. */
  owner: string;
  /** Property name when the node was reached as a property. */
  name?: string;
}

export interface SpecOperation {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as declared (`/users/{id}`). */
  path: string;
  pointer: string;
  value: JsonObject;
  /** Path-level and operation-level parameters merged, operation winning (refs resolved). */
  parameters: SpecNode[];
  /** Effective requirement: the operation's `security`, else the document's; `[]` means none. */
  security: JsonObject[];
  /** Request body schemas (OAS 3 requestBody content, Swagger body parameter). */
  requestBodies: SpecNode[];
  /** Status code (or `default`) to resolved response object. */
  responses: Map<string, SpecNode>;
}

export interface SpecServer {
  url: string;
  pointer: string;
}

export interface LoadedSpec {
  /** `2.0`, `3.0.x` or `3.1.x` as declared. */
  version: string;
  raw: JsonObject;
  operations: SpecOperation[];
  securitySchemes: Map<string, SpecNode>;
  servers: SpecServer[];
  /** Every schema node reachable from request bodies, once each (shared schemas are not repeated). */
  requestSchemas: SchemaVisit[];
  /** Validator complaints that did not stop the audit. */
  warnings: string[];
  locate(pointer: string): SourcePosition | undefined;
  /** Follows local `$ref`s; `undefined` when the target is missing or not an object. */
  resolve(value: unknown, pointer: string): SpecNode | undefined;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
