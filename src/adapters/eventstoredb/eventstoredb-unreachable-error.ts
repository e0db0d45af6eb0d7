/** The server did not answer at start: the message is one line, naming the endpoint (masked) and the cause. */
export class EventStoreDbUnreachableError extends Error {
  override readonly name = 'EventStoreDbUnreachableError';
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot reach EventStoreDB at ${endpoint}: ${reason}`, options);
  }
}
