import { projections } from '../../projections/index.js';
import type { JsonObject } from '../../src/core/events.js';
import { applyOperation } from '../../src/core/projections/document-operations.js';
import type { HandlerContext } from '../../src/core/projections/projection.js';
import { emmettTables } from './emmett-tables.js';
import { handlerOperations } from './handler-operations.js';
import { recordedEvent } from './recorded-event.js';
import { workload } from './workload.js';

/** Documents by id, for each Emmett table (`order_view_orders`). */
export type DocumentsByTable = Map<string, Map<string, JsonObject>>;

/**
 * What our read models hold after the first `count` events of the workload: each projection's
 * handlers run in memory, in `$all` order, their operations applied with `applyOperation` as our
 * runner applies them. Independent of how `emmett-documents.ts` turns operations into SQL, so
 * that comparing the two checks that translation on every document.
 */
export async function expectedDocuments(count: number): Promise<DocumentsByTable> {
  const byTable: DocumentsByTable = new Map();
  const runs = projections.map((projection) => {
    const collections = new Map<string, Map<string, JsonObject>>();
    for (const [collection, table] of emmettTables(projection).tables) {
      const documents = new Map<string, JsonObject>();
      collections.set(collection, documents);
      byTable.set(table, documents);
    }
    const documentsOf = (collection: string) => {
      const documents = collections.get(collection);
      if (!documents) throw new Error(`${projection.name} has no collection ${collection}`);
      return documents;
    };
    const context: HandlerContext = { get: async (collection, id) => documentsOf(collection).get(id) };
    return { projection, documentsOf, context };
  });

  const streamPositions = new Map<string, bigint>();
  let globalPosition = 0n;
  for (const { stream, type, data } of workload(count)) {
    globalPosition += 1n;
    const streamPosition = (streamPositions.get(stream) ?? 0n) + 1n;
    streamPositions.set(stream, streamPosition);
    const event = recordedEvent({ id: String(globalPosition), type, stream, streamPosition, globalPosition, data });
    for (const { projection, documentsOf, context } of runs) {
      for (const operation of await handlerOperations(projection, event, context)) {
        const documents = documentsOf(operation.collection);
        const after = applyOperation(documents.get(operation.id), operation);
        if (after === undefined) documents.delete(operation.id);
        else documents.set(operation.id, after);
      }
    }
  }
  return byTable;
}
