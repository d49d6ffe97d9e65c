import { childPointer } from './pointer.js';
import {
  HTTP_METHODS,
  isObject,
  type JsonObject,
  type SpecNode,
  type SpecOperation,
  type SpecServer,
} from './spec-model.js';

type Resolve = (value: unknown, pointer: string) => SpecNode | undefined;

/** Flattens `paths` into operations with refs resolved and inherited parts (parameters, security) applied. */
export function buildOperations(doc: JsonObject, resolve: Resolve): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  const globalSecurity = Array.isArray(doc['security']) ? doc['security'].filter(isObject) : [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(rawItem, childPointer('/paths', path));
    if (!item) continue;
    const pathParams = parameterList(item, resolve);
    for (const method of HTTP_METHODS) {
      const value = item.value[method];
      if (!isObject(value)) continue;
      const pointer = childPointer(item.pointer, method);
      const operation: SpecNode = { value, pointer };
      const parameters = mergeParameters(pathParams, parameterList(operation, resolve));
      operations.push({
        method: method.toUpperCase(),
        path,
        pointer,
        value,
        parameters,
        security: Array.isArray(value['security']) ? value['security'].filter(isObject) : globalSecurity,
        requestBodies: requestBodies(operation, parameters, resolve),
        responses: responses(operation, resolve),
      });
    }
  }
  return operations;
}

export function buildServers(doc: JsonObject): SpecServer[] {
  if (Array.isArray(doc['servers'])) {
    return doc['servers'].flatMap((server, i) =>
      isObject(server) && typeof server['url'] === 'string'
        ? [{ url: server['url'], pointer: `/servers/${i}/url` }]
        : [],
    );
  }
  // Swagger 2 spreads the server over schemes, host and basePath.
  const host = typeof doc['host'] === 'string' ? doc['host'] : '';
  const basePath = typeof doc['basePath'] === 'string' ? doc['basePath'] : '';
  const schemes = Array.isArray(doc['schemes']) ? doc['schemes'] : [];
  return schemes.flatMap((scheme, i) =>
    typeof scheme === 'string' ? [{ url: `${scheme}://${host}${basePath}`, pointer: `/schemes/${i}` }] : [],
  );
}

export function buildSecuritySchemes(doc: JsonObject, resolve: Resolve): Map<string, SpecNode> {
  const components = isObject(doc['components']) ? doc['components'] : {};
  const [container, base] = isObject(components['securitySchemes'])
    ? [components['securitySchemes'], '/components/securitySchemes']
    : [isObject(doc['securityDefinitions']) ? doc['securityDefinitions'] : {}, '/securityDefinitions'];
  const schemes = new Map<string, SpecNode>();
  for (const [name, raw] of Object.entries(container)) {
    const node = resolve(raw, childPointer(base, name));
    if (node) schemes.set(name, node);
  }
  return schemes;
}

function parameterList(owner: SpecNode, resolve: Resolve): SpecNode[] {
  const list = owner.value['parameters'];
  if (!Array.isArray(list)) return [];
  const base = childPointer(owner.pointer, 'parameters');
  return list.flatMap((raw, i) => resolve(raw, childPointer(base, i)) ?? []);
}

function mergeParameters(pathLevel: SpecNode[], operationLevel: SpecNode[]): SpecNode[] {
  const key = (p: SpecNode): string => `${String(p.value['in'])}:${String(p.value['name'])}`;
  const merged = new Map(pathLevel.map((p) => [key(p), p]));
  for (const p of operationLevel) merged.set(key(p), p);
  return [...merged.values()];
}

function requestBodies(operation: SpecNode, parameters: SpecNode[], resolve: Resolve): SpecNode[] {
  const bodies: SpecNode[] = [];
  const body = resolve(operation.value['requestBody'], childPointer(operation.pointer, 'requestBody'));
  const content = body && isObject(body.value['content']) ? body.value['content'] : {};
  for (const [mediaType, media] of Object.entries(content)) {
    if (!isObject(media) || media['schema'] === undefined) continue;
    const pointer = childPointer(childPointer(childPointer(body!.pointer, 'content'), mediaType), 'schema');
    if (isObject(media['schema'])) bodies.push({ value: media['schema'], pointer });
  }
  for (const parameter of parameters) {
    if (parameter.value['in'] === 'body' && isObject(parameter.value['schema'])) {
      bodies.push({ value: parameter.value['schema'], pointer: childPointer(parameter.pointer, 'schema') });
    }
  }
  return bodies;
}

function responses(operation: SpecNode, resolve: Resolve): Map<string, SpecNode> {
  const map = new Map<string, SpecNode>();
  const raw = operation.value['responses'];
  if (!isObject(raw)) return map;
  const base = childPointer(operation.pointer, 'responses');
  for (const [code, response] of Object.entries(raw)) {
    const node = resolve(response, childPointer(base, code));
    if (node) map.set(code, node);
  }
  return map;
}
