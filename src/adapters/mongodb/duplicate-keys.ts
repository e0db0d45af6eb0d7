import { MongoBulkWriteError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** A write refused because its `_id` (or a unique key) is taken: E11000. */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) return onlyDuplicateKeys(error);
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** A bulk write whose every failed write is a duplicate key, with no write-concern error. */
export function onlyDuplicateKeys(error: MongoBulkWriteError): boolean {
  if (error.err !== undefined) return false;
  const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return failures.length > 0 && failures.every((failure) => failure.code === DUPLICATE_KEY);
}
