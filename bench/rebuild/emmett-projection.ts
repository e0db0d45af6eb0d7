import { projection, type Event, type ProjectionDefinition } from '@event-driven-io/emmett';
import type { SQLiteConnection, SQLiteReadEventMetadata } from '@event-driven-io/emmett-sqlite';
import { eventTypesOf, type Projection } from '../../src/core/projections/projection.js';
import { emmettDocuments } from './emmett-documents.js';
import { emmettTables } from './emmett-tables.js';
import { handlerOperations } from './handler-operations.js';
import { recordedEvent } from './recorded-event.js';

type SQLiteContext = { connection: SQLiteConnection };

/** Emmett 0.38.5 declares SQLiteProjectionDefinition and sqliteProjection but exports neither: the same, from its core. */
export type SQLiteProjection = ProjectionDefinition<Event, SQLiteReadEventMetadata, SQLiteContext>;

/**
 * One of our projections as an Emmett SQLite projection: the same name and event types, and
 * for each event our handler's document operations, applied on Emmett's connection. So Emmett
 * builds exactly the documents our projection defines, and a change to the projection changes
 * both sides of the benchmark. Every read a handler of ours makes is of its own documents,
 * which an Emmett projection can read on its connection: nothing needed approximating.
 */
export function emmettProjection(ours: Projection): SQLiteProjection {
  const tables = emmettTables(ours);
  return projection<Event, SQLiteReadEventMetadata, SQLiteContext>({
    name: ours.name,
    canHandle: eventTypesOf(ours),
    handle: async (events, { connection }) => {
      const documents = emmettDocuments(connection, tables);
      for (const { type, data, metadata } of events) {
        const event = recordedEvent({
          id: metadata.messageId,
          type,
          stream: metadata.streamName,
          streamPosition: metadata.streamPosition,
          globalPosition: metadata.globalPosition,
          data,
        });
        for (const operation of await handlerOperations(ours, event, documents)) await documents.apply(operation);
      }
    },
  });
}
