import { randomUUID } from 'node:crypto';
import { ErrorType, FORWARDS, jsonEvent, NO_STREAM, START, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { eventStoreErrorOf } from './eventstoredb-errors-of.js';
import { WrongExpectedRevisionError } from '../../core/ports/event-store-errors.js';

/** Holds the one event that names this store. Not `$`-prefixed: system streams need admin rights. */
export const STORE_STREAM = 'projectionist-store';
export const STORE_CREATED = '$projectionist-store-created';

/**
 * EventStoreDB has no store id of its own that a client can read, so the first process to ask
 * writes one with `no_stream`: of two racing first starts one wins, and the other reads the
 * winner's. The event's `$` type keeps it out of `$all` reads and projections.
 */
export async function storeIdentity(client: KurrentDBClient): Promise<string> {
  const existing = await readStoreId(client);
  if (existing) return existing;
  try {
    await client.appendToStream(STORE_STREAM, jsonEvent({ type: STORE_CREATED, data: { storeId: randomUUID() } }), { streamState: NO_STREAM });
  } catch (error) {
    if (!(eventStoreErrorOf(error) instanceof WrongExpectedRevisionError)) throw error;
  }
  const id = await readStoreId(client);
  if (!id) throw new Error(`${STORE_STREAM} holds no store id`);
  return id;
}

async function readStoreId(client: KurrentDBClient): Promise<string | undefined> {
  try {
    for await (const resolved of client.readStream(STORE_STREAM, { fromRevision: START, direction: FORWARDS, maxCount: 1 })) {
      const data = resolved.event?.data as { storeId?: unknown } | undefined;
      if (typeof data?.storeId === 'string') return data.storeId;
    }
  } catch (error) {
    if ((error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) return undefined;
    throw error;
  }
  return undefined;
}

