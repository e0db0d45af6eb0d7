/** Every error a read-model adapter raises; engine errors travel as `cause`. */
export abstract class ReadModelError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ReadModelStoreError extends ReadModelError {
  constructor(operation: string, cause: unknown) {
    super(`Read model ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Another worker committed to the same generation since this batch was computed. */
export class CheckpointMovedError extends ReadModelError {
  constructor(readonly key: string) {
    super(`The checkpoint of ${key} moved during the batch`);
  }
}

/** The generation's lease went to another worker (a newer epoch) since this batch began: its writes are refused. */
export class LeaseLostError extends ReadModelError {
  constructor(readonly key: string, readonly epoch: number) {
    super(`The lease of ${key} moved past epoch ${epoch}: another worker writes it now`);
  }
}

/** A query the store cannot answer as asked: an unknown field, an unindexed sort, a page too deep. */
export class InvalidQueryError extends ReadModelError {}

export class RebuildInProgressError extends ReadModelError {
  constructor(readonly projection: string, readonly generation: number) {
    super(`Projection ${projection} is already building generation ${generation}`);
  }
}

export class UnknownGenerationError extends ReadModelError {
  constructor(readonly projection: string, readonly generation: number) {
    super(`Projection ${projection} has no generation ${generation} in a state that allows this`);
  }
}

/** No generation of the projection is live yet: no worker has started it. Reads can come back later. */
export class ProjectionNotReadyError extends ReadModelError {
  constructor(readonly projection: string) {
    super(`Projection ${projection} is not built yet: no worker has started it`);
  }
}
