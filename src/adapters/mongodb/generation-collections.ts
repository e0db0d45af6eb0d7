import type { Generation } from '../../core/projections/generation.js';
import { collectionsOf } from '../../core/projections/projection.js';
import { InvalidQueryError } from '../../core/ports/read-model-errors.js';

/**
 * The collection of one generation's documents: `<projection>__g<generation>__<collection>`.
 * Projection and collection names are checked identifiers (letters and digits), so the
 * double underscores cannot occur inside them and names never collide.
 */
export function generationCollection(generation: Generation, collection: string): string {
  if (generation.projection.target.kind !== 'documents') {
    throw new InvalidQueryError(`MongoDB serves documents targets only; ${generation.projection.name} is a ${generation.projection.target.kind} target`);
  }
  if (!collectionsOf(generation.projection).includes(collection)) {
    throw new InvalidQueryError(`projection ${generation.projection.name} declares no collection "${collection}"`);
  }
  return `${generation.projection.name}__g${generation.generation}__${collection}`;
}
