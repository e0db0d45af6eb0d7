import type { Client, estypes } from '@elastic/elasticsearch';
import type { JsonObject } from '../../core/events.js';
import type { ElasticsearchStoreOptions } from './elasticsearch-store-options.js';

interface Operation {
  readonly index: string;
  readonly lines: string;
  readonly bytes: number;
}

/** Well below `http.max_content_length` (100 MB), so one batch never fails for its size. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/**
 * A bulk request written by hand as NDJSON, so that external versions are exact 64-bit integers
 * (the client would serialise numbers, which round above 2^53). A 409 on an item is a write
 * refused by its version: the index already holds that document at a later position, so the
 * item counts as applied. Any other item error fails the whole call.
 */
export class ElasticsearchBulk {
  private readonly operations: Operation[] = [];

  /** Writes a whole document; with a version (decimal text), only if it is at least the stored one. */
  index(index: string, id: string, source: JsonObject, version?: string): void {
    if (version !== undefined && !/^(0|[1-9][0-9]*)$/.test(version)) throw new Error(`version "${version}" is not a decimal integer`);
    const versioning = version === undefined ? '' : `,"version":${version},"version_type":"external_gte"`;
    this.add(index, `{"index":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(id)}${versioning}}}\n${JSON.stringify(source)}\n`);
  }

  /**
   * Sends the operations, in order, and makes them searchable before returning (with `refresh`).
   * A batch too large for one request goes in several, followed by one explicit refresh.
   */
  async send(client: Client, refresh: ElasticsearchStoreOptions['refresh']): Promise<void> {
    const chunks = this.chunks();
    if (chunks.length === 0) return;
    const single = chunks.length === 1;
    for (const chunk of chunks) {
      const querystring = single && refresh ? { refresh: refresh === 'force' ? 'true' : 'wait_for' } : {};
      const response = await client.transport.request<estypes.BulkResponse>({ method: 'POST', path: '/_bulk', querystring, bulkBody: chunk });
      if (response.errors) checkItems(response.items);
    }
    if (!single && refresh) await client.indices.refresh({ index: [...new Set(this.operations.map((operation) => operation.index))] });
  }

  private add(index: string, lines: string): void {
    this.operations.push({ index, lines, bytes: Buffer.byteLength(lines) });
  }

  private chunks(): string[] {
    const chunks: string[] = [];
    let current: string[] = [];
    let bytes = 0;
    for (const operation of this.operations) {
      if (current.length > 0 && bytes + operation.bytes > MAX_REQUEST_BYTES) {
        chunks.push(current.join(''));
        current = [];
        bytes = 0;
      }
      current.push(operation.lines);
      bytes += operation.bytes;
    }
    if (current.length > 0) chunks.push(current.join(''));
    return chunks;
  }
}

function checkItems(items: estypes.BulkResponse['items']): void {
  const failures = items
    .map((item) => Object.values(item)[0])
    .filter((result): result is estypes.BulkResponseItem => result?.error !== undefined && result.status !== 409);
  const first = failures[0];
  if (first) {
    const cause = first.error;
    throw new Error(`${failures.length} of ${items.length} bulk operations failed; the first, on ${first._index}/${first._id}: ${cause?.type}: ${cause?.reason}`);
  }
}
