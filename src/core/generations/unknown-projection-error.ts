/** No projection of this name runs on this platform; the message names the ones that do. */
export class UnknownProjectionError extends Error {
  constructor(
    readonly projection: string,
    known: readonly string[],
  ) {
    super(`unknown projection ${projection.slice(0, 200)}; known: ${known.join(', ')}`);
    this.name = 'UnknownProjectionError';
  }
}
