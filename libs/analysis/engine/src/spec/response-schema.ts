import { objectProperties } from './request-builder.js';
import { isObject, type JsonObject, type LoadedSpec, type SpecOperation } from './spec-model.js';

/** The JSON schema declared for a response status (exact code, then `2XX`, then `default`). */
export function responseSchema(spec: LoadedSpec, operation: SpecOperation, status: number): JsonObject | undefined {
  const response =
    operation.responses.get(String(status)) ??
    operation.responses.get(`${String(status)[0]}XX`) ??
    operation.responses.get(`${String(status)[0]}xx`) ??
    operation.responses.get('default');
  if (!response) return undefined;
  const value = response.value;
  if (isObject(value['schema'])) return spec.resolve(value['schema'], '')?.value;
  const content = isObject(value['content']) ? value['content'] : {};
  const media = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  return isObject(media) && isObject(media['schema']) ? spec.resolve(media['schema'], '')?.value : undefined;
}

/**
 * Property names an object schema declares, or undefined when it declares none or leaves the object
 * open (`additionalProperties` true or a schema), in which case extra fields are not a deviation.
 */
export function declaredProperties(spec: LoadedSpec, schema: JsonObject): Set<string> | undefined {
  const props = objectProperties(spec, schema);
  if (props.size === 0) return undefined;
  const open = schema['additionalProperties'];
  if (open === true || isObject(open)) return undefined;
  return new Set(props.keys());
}

/** Items schema of an array schema. */
export function itemsSchema(spec: LoadedSpec, schema: JsonObject): JsonObject | undefined {
  return isObject(schema['items']) ? spec.resolve(schema['items'], '')?.value : undefined;
}
