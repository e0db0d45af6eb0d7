import type { JsonSchema } from './json-schema.js';

/**
 * A small schema language for request bodies and query strings: each route declares one, and
 * a value that does not fit is refused with the path of the field and what was expected,
 * before any command runs. Objects refuse keys they do not declare, so nothing unexpected
 * (an operator object where a string belongs, say) ever reaches a command or a store.
 */
export class SchemaError extends Error {
  /** `field` is the path of the value in the body (`items[0].quantity`), or a query parameter's name; '' is the whole body. */
  constructor(
    readonly field: string,
    readonly expected: string,
    subject = field || 'the body',
  ) {
    super(`${subject} must be ${expected}`);
  }
}

/** A value's check, and the JSON Schema saying the same to clients (the OpenAPI document is built from it). */
export interface Schema<T> {
  readonly parse: (value: unknown, field: string) => T;
  readonly json: JsonSchema;
  readonly optional?: true;
}

// UTF-8 cannot carry a lone surrogate, and encodeURIComponent throws on one: it is not text.
const LONE_SURROGATE = /\p{Cs}/u;

export function string(options: { min?: number; max: number; pattern?: RegExp; describe?: string }): Schema<string> {
  const min = options.min ?? 1;
  return {
    json: {
      type: 'string',
      minLength: min,
      maxLength: options.max,
      ...(options.pattern ? { pattern: options.pattern.source } : {}),
      ...(options.describe ? { description: options.describe } : {}),
    },
    parse: (value, field) => {
      const expected = options.describe ?? `a string of ${min} to ${options.max} characters`;
      if (typeof value !== 'string' || value.length < min || value.length > options.max) throw new SchemaError(field, expected);
      if (LONE_SURROGATE.test(value)) throw new SchemaError(field, `${expected} of well-formed Unicode, without lone surrogates`);
      if (options.pattern && !options.pattern.test(value)) throw new SchemaError(field, expected);
      return value;
    },
  };
}

export function number(options: { min: number; max: number; integer?: boolean }): Schema<number> {
  return {
    json: { type: options.integer ? 'integer' : 'number', minimum: options.min, maximum: options.max },
    parse: (value, field) => {
      const kind = options.integer ? 'an integer' : 'a number';
      if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value)) || value < options.min || value > options.max) {
        throw new SchemaError(field, `${kind} from ${options.min} to ${options.max}`);
      }
      return value;
    },
  };
}

export function array<T>(of: Schema<T>, options: { min?: number; max: number }): Schema<T[]> {
  return {
    json: { type: 'array', items: of.json, ...(options.min ? { minItems: options.min } : {}), maxItems: options.max },
    parse: (value, field) => {
      if (!Array.isArray(value) || value.length < (options.min ?? 0) || value.length > options.max) {
        throw new SchemaError(field, `an array of ${options.min ?? 0} to ${options.max} items`);
      }
      return value.map((item, index) => of.parse(item, `${field}[${index}]`));
    },
  };
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return { json: schema.json, parse: (value, field) => (value === undefined ? undefined : schema.parse(value, field)), optional: true };
}

type Shape = Record<string, Schema<unknown>>;
type ValueOf<S> = S extends Schema<infer T> ? T : never;
/** What an object schema's parse returns: a key whose schema may give undefined may be absent. */
export type Infer<S extends Shape> = { [K in keyof S as undefined extends ValueOf<S[K]> ? never : K]: ValueOf<S[K]> } & {
  [K in keyof S as undefined extends ValueOf<S[K]> ? K : never]?: ValueOf<S[K]>;
};

export function object<S extends Shape>(shape: S): Schema<Infer<S>> {
  const required = Object.keys(shape).filter((key) => !shape[key]!.optional);
  return {
    json: {
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.json])),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    parse: (value, field) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaError(field, 'a JSON object');
      const input = value as Record<string, unknown>;
      const unknown = Object.keys(input).filter((key) => !Object.hasOwn(shape, key));
      if (unknown.length > 0) throw new SchemaError(join(field, unknown[0]!), `absent: ${Object.keys(shape).join(', ') || 'nothing'} ${Object.keys(shape).length === 1 ? 'is' : 'are'} accepted here`);
      const output: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        if (input[key] === undefined && !schema.optional) throw new SchemaError(join(field, key), 'present');
        const parsed = schema.parse(input[key], join(field, key));
        if (parsed !== undefined) output[key] = parsed;
      }
      return output as Infer<S>;
    },
  };
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/**
 * The same schema, with a sentence for clients in its JSON Schema (the OpenAPI document shows
 * it), and what the value must further be to be of use (`narrower`: checked where the value is
 * used, after parse, such as a token's alphabet).
 */
export function described<T>(schema: Schema<T>, description: string, narrower: JsonSchema = {}): Schema<T> {
  return { ...schema, json: { ...schema.json, ...narrower, description } };
}
