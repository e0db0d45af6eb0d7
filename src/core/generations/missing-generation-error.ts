import { UnknownGenerationError } from '../ports/read-model-errors.js';

/**
 * A known projection has no generation in the state an operation needs: none live yet (for its
 * parked events), none being built (to cancel). An UnknownGenerationError, as the registry's own
 * (the API's 404), with a message that says which generation is missing instead of a number.
 */
export class MissingGenerationError extends UnknownGenerationError {
  constructor(
    projection: string,
    readonly needed: 'live' | 'building',
  ) {
    super(projection, 0);
    this.message = needed === 'live' ? `Projection ${projection} has no live generation yet: no worker has built it` : `Projection ${projection} has no rebuild in progress`;
  }
}
