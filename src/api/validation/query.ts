import { SchemaError, type Schema } from './schema.js';

/**
 * Query-string parameters: each arrives as one string (a repeated parameter, or one written
 * as `name[key]`, is refused), and is converted by its declared kind.
 */
export function queryParameters<S extends Record<string, Schema<unknown>>>(
  shape: S,
  query: Record<string, unknown>,
): { [K in keyof S]: S[K] extends Schema<infer T> ? T : never } {
  const unknown = Object.keys(query).filter((key) => !Object.hasOwn(shape, key));
  if (unknown.length > 0) {
    const known = Object.keys(shape).length > 0 ? `the parameters are ${Object.keys(shape).join(', ')}` : 'this route takes no query parameter';
    throw new SchemaError(unknown[0]!, `absent: ${known}`, unknown[0] === '' ? 'a query parameter without a name' : unknown[0]);
  }
  const output: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const value = query[key];
    if (value !== undefined && typeof value !== 'string') throw new SchemaError(key, 'given once, as a plain value');
    const parsed = schema.parse(value, key);
    if (parsed !== undefined) output[key] = parsed;
  }
  return output as { [K in keyof S]: S[K] extends Schema<infer T> ? T : never };
}

// A number as JSON writes it (and most clients' query encoders do): an exponent is allowed, as in 1e-05.
const DECIMAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A decimal number in a query string. */
export function numeric(options: { min: number; max: number; integer?: boolean; default?: number }): Schema<number | undefined> {
  const kind = options.integer ? 'an integer' : 'a number';
  return {
    optional: true,
    json: { type: options.integer ? 'integer' : 'number', minimum: options.min, maximum: options.max, ...(options.default !== undefined ? { default: options.default } : {}) },
    parse: (value, field) => {
      if (value === undefined || value === '') return options.default;
      const number = Number(value);
      if (typeof value !== 'string' || !DECIMAL.test(value) || (options.integer && !Number.isInteger(number)) || number < options.min || number > options.max) {
        throw new SchemaError(field, `${kind} from ${options.min} to ${options.max}`);
      }
      return number;
    },
  };
}

/** `true` or `false`. */
export function flag(): Schema<boolean | undefined> {
  return {
    optional: true,
    json: { type: 'boolean' },
    parse: (value, field) => {
      if (value === undefined) return undefined;
      if (value !== 'true' && value !== 'false') throw new SchemaError(field, 'true or false');
      return value === 'true';
    },
  };
}

/** A comma-separated list of short words (OpenAPI: an array in form style, not exploded), trimmed and lower-cased. */
export function list(options: { max: number; itemMax: number }): Schema<string[] | undefined> {
  return {
    optional: true,
    json: { type: 'array', items: { type: 'string', maxLength: options.itemMax }, maxItems: options.max },
    parse: (value, field) => {
      if (value === undefined || value === '') return undefined;
      const items = String(value).split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
      if (items.length > options.max || items.some((item) => item.length > options.itemMax)) {
        throw new SchemaError(field, `a comma-separated list of at most ${options.max} items of at most ${options.itemMax} characters`);
      }
      return items;
    },
  };
}

/** A plain text parameter; an empty one is absent. */
export function text(options: { max: number; required?: boolean }): Schema<string | undefined> {
  return {
    ...(options.required ? {} : { optional: true as const }),
    json: { type: 'string', ...(options.required ? { minLength: 1 } : {}), maxLength: options.max },
    parse: (value, field) => {
      if (value === undefined || value === '') {
        if (options.required) throw new SchemaError(field, `a text of 1 to ${options.max} characters`);
        return undefined;
      }
      if (typeof value !== 'string' || value.length > options.max) throw new SchemaError(field, `a text of at most ${options.max} characters`);
      return value;
    },
  };
}
