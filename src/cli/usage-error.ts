/** The command line asked for something that cannot be: the CLI prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
