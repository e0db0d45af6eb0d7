import type { Generation } from '../../core/projections/generation.js';
import type { SearchTarget } from '../../core/projections/projection.js';

/**
 * The generation's search target, with its field names checked: top-level names that are no
 * Elasticsearch metadata field (`_id`, `_source`...) nor the store's own `_pj`. The Elasticsearch
 * store serves search targets only; documents targets belong to MongoDB or SQLite.
 */
export function searchTargetOf(generation: Generation): SearchTarget {
  const { target, name } = generation.projection;
  if (target.kind !== 'search') {
    throw new Error(`projection ${name} has a ${target.kind} target; the Elasticsearch store serves search targets only`);
  }
  for (const field of Object.keys(target.fields)) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) throw new Error(`projection ${name}: search field "${field}" must be a letter followed by letters, digits or '_'`);
  }
  return target;
}
