import type { JsonSchema } from '../validation/json-schema.js';

/** A reference to one of the document's shared schemas (`openApiComponents`). */
export function componentRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}
