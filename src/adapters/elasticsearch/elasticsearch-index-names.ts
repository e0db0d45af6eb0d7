import type { Generation } from '../../core/projections/generation.js';

/** Projection names whose alias would be one of the store's own indexes. */
const RESERVED = new Set(['checkpoints', 'parked']);

/**
 * The names of a store's indexes, all under one prefix (`projectionist-` by default):
 * `<prefix><projection>-g<generation>` for each generation's documents, the alias
 * `<prefix><projection>` on the live one, and the shared `<prefix>checkpoints` and
 * `<prefix>parked`. Index names must be lower case; projection names are letters and digits,
 * so two projections differing only in case would share names, and `prepare` refuses an index
 * that another projection created.
 */
export class ElasticsearchIndexNames {
  readonly checkpoints: string;
  readonly parked: string;

  constructor(readonly prefix = 'projectionist-') {
    if (prefix !== '' && !/^[a-z0-9][a-z0-9._-]*$/.test(prefix)) {
      throw new Error(`index prefix "${prefix}" must be lower-case letters, digits, '.', '_' or '-', and not start with a symbol`);
    }
    this.checkpoints = `${prefix}checkpoints`;
    this.parked = `${prefix}parked`;
  }

  /** The index holding one generation's documents. */
  generation(generation: Generation): string {
    return `${this.alias(generation)}-g${generation.generation}`;
  }

  /** The alias that follows the live generation of a projection. */
  alias(generation: Generation): string {
    const name = generation.projection.name.toLowerCase();
    if (RESERVED.has(name)) throw new Error(`projection name "${generation.projection.name}" is reserved by the Elasticsearch store`);
    return `${this.prefix}${name}`;
  }

  /** Every generation index of the projection, for moving the alias off whichever holds it. */
  generations(generation: Generation): string {
    return `${this.alias(generation)}-g*`;
  }
}
