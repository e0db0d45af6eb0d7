import type { JsonObject } from '../../core/events.js';
import type { Generation } from '../../core/projections/generation.js';
import type { DocumentPage, DocumentQueries, DocumentQuery } from '../../core/ports/document-queries.js';
import { InvalidQueryError } from '../../core/ports/read-model-errors.js';
import { withReadModelErrors } from '../../core/ports/read-model-errors-of.js';
import type { DocumentRecord } from './document-record.js';
import { documentFilterOf, documentSortOf } from './document-query-filter.js';
import { generationCollection } from './generation-collections.js';
import type { MongoReadModelDatabase } from './mongo-read-model-database.js';

/**
 * Reads of documents projections in MongoDB. Conditions and sorts on `body.<field>` use the
 * declared indexes; a page and its total are two queries (FerretDB has no `$facet`), so under
 * concurrent writes the total may count a batch the page does not show yet.
 */
export class MongoDocumentQueries implements DocumentQueries {
  constructor(private readonly database: MongoReadModelDatabase) {
    return withReadModelErrors(this, 'query');
  }

  async get(generation: Generation, collection: string, id: string): Promise<JsonObject | undefined> {
    if (typeof id !== 'string') throw new InvalidQueryError('a document id is a string');
    const documents = this.collection(generation, collection);
    // A bare `_id` filter (tombstones are dropped here): the one filter FerretDB serves from its index.
    const found = await documents.findOne({ _id: id }, { projection: { _id: 0, body: 1 } });
    return found?.body ?? undefined;
  }

  async find(generation: Generation, collection: string, query: DocumentQuery): Promise<DocumentPage> {
    const documents = this.collection(generation, collection);
    const filter = documentFilterOf(query.where ?? []);
    const sort = documentSortOf(query.orderBy);
    const offset = query.offset ?? 0;
    if (!Number.isSafeInteger(query.limit) || query.limit < 0 || !Number.isSafeInteger(offset) || offset < 0) {
      throw new InvalidQueryError('limit and offset must be non-negative integers');
    }
    // A limit of 0 means "no limit" to MongoDB: here it means an empty page.
    const page =
      query.limit === 0 ? Promise.resolve([]) : documents.find(filter, { projection: { _id: 0, body: 1 } }).sort(sort).skip(offset).limit(query.limit).toArray();
    const [records, total] = await Promise.all([page, documents.countDocuments(filter)]);
    return { documents: records.map((record) => record.body as JsonObject), total };
  }

  private collection(generation: Generation, collection: string) {
    return this.database.db.collection<DocumentRecord>(generationCollection(generation, collection));
  }
}
