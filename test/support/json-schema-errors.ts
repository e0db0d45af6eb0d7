import { isDeepStrictEqual } from 'node:util';

type Schema = Record<string, unknown>;

/**
 * Where `value` breaks `schema`, one line per break (empty when it fits): the subset of JSON
 * Schema 2020-12 that the API's OpenAPI document uses ($ref into `root`, type, const, enum,
 * anyOf, lengths in code points, pattern, ranges, items, properties, required,
 * additionalProperties, minProperties). Annotations (description, format, examples) are not checked.
 */
export function jsonSchemaErrors(schema: Schema, value: unknown, root: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') return jsonSchemaErrors(resolve(root, schema.$ref), value, root, at);
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${at}: ${message}`);
  if (schema.type !== undefined && ![schema.type].flat().some((type) => isOfType(value, type as string))) return [`${at}: ${JSON.stringify(value)} is not of type ${String(schema.type)}`];
  if ('const' in schema && !isDeepStrictEqual(schema.const, value)) fail(`is not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((item) => isDeepStrictEqual(item, value))) fail(`is not one of ${JSON.stringify(schema.enum)}`);
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => jsonSchemaErrors(option as Schema, value, root, at).length === 0)) fail('fits none of anyOf');
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail(`is shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail(`is longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`is above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`has fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`has more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, index) => errors.push(...jsonSchemaErrors(schema.items as Schema, item, root, `${at}[${index}]`)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) fail(`lacks ${key}`);
    if (typeof schema.minProperties === 'number' && Object.keys(object).length < schema.minProperties) fail(`has fewer than ${schema.minProperties} properties`);
    for (const [key, item] of Object.entries(object)) {
      const property = properties[key] ?? (typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined);
      if (property) errors.push(...jsonSchemaErrors(property, item, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) fail(`has ${key}, which is not declared`);
    }
  }
  return errors;
}

function isOfType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === type;
}

function resolve(root: Schema, ref: string): Schema {
  const found = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
  if (typeof found !== 'object' || found === null) throw new Error(`${ref} names nothing in the document`);
  return found as Schema;
}
