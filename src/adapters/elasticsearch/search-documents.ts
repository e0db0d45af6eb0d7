import type { JsonObject, JsonValue } from '../../core/events.js';
import type { SearchTarget } from '../../core/projections/projection.js';
import type { StoredDocument } from '../../core/ports/read-model-store.js';
import { formatPosition, parsePosition, position } from '../../core/position.js';
import type { SearchFolding } from './search-folding.js';
import { searchableText } from './searchable-text.js';

const INTERNAL = '_pj';

/** What the store keeps beside a document's body, under `_pj`. */
interface InternalFields {
  /** The document id again, as a keyword: the last, unique sort key (sorting on `_id` is off by default in 8.x). */
  readonly id: string;
  /** The position's commit and prepare, as decimal text (exact beyond 2^53; never indexed). */
  readonly c: string;
  readonly p: string;
  readonly late: string[];
  readonly deleted: boolean;
  /** With `javascript` folding, the text fields as searchableText makes them: what full-text queries search (dropped from `_source` by the mapping). */
  readonly folded?: Record<string, string[]>;
}

/**
 * How a stored document becomes an Elasticsearch `_source` and back: the body's fields at the top
 * level (so the index reads naturally in Kibana), and the store's own fields under `_pj`. A
 * tombstone keeps only `_pj`, with `deleted: true`. The folding is the index's (see SearchFolding).
 */
export const searchDocuments = {
  internal: INTERNAL,
  idField: `${INTERNAL}.id`,
  deletedField: `${INTERNAL}.deleted`,
  foldedField: (field: string): string => `${INTERNAL}.folded.${field}`,

  encode(target: SearchTarget, document: StoredDocument, folding: SearchFolding): JsonObject {
    const { body } = document;
    if (body && INTERNAL in body) throw new Error(`document ${document.id}: the field ${INTERNAL} is reserved by the Elasticsearch store`);
    const internal: InternalFields = {
      id: document.id,
      c: document.position.commit.toString(),
      p: document.position.prepare.toString(),
      late: document.late.map(formatPosition),
      deleted: body === null,
      ...(body && folding === 'javascript' ? { folded: foldedTexts(target, body) } : {}),
    };
    return { ...body, [INTERNAL]: internal as unknown as JsonObject };
  },

  decode(id: string, source: JsonObject): StoredDocument {
    const { [INTERNAL]: stored, ...body } = source;
    const internal = stored as unknown as InternalFields | undefined;
    if (!internal) throw new Error(`document ${id} has no ${INTERNAL} fields: it was not written by this store`);
    return {
      id,
      body: internal.deleted ? null : body,
      position: position(BigInt(internal.c), BigInt(internal.p)),
      late: internal.late.map((text) => {
        const late = parsePosition(text);
        if (!late) throw new Error(`document ${id} has a malformed late position "${text}"`);
        return late;
      }),
    };
  },
};

function foldedTexts(target: SearchTarget, body: JsonObject): Record<string, string[]> {
  const folded: Record<string, string[]> = {};
  for (const [field, spec] of Object.entries(target.fields)) {
    if (spec.type !== 'text') continue;
    const texts = stringsOf(body[field]).map(searchableText);
    if (texts.length > 0) folded[field] = texts;
  }
  return folded;
}

function stringsOf(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
