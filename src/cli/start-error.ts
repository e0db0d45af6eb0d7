/** The platform could not start for a reason the operator can fix (a busy port, an address that is not ours); the message says which. */
export class StartError extends Error {
  override readonly name = 'StartError';
}
