import { errors, type Client } from '@elastic/elasticsearch';
import type { JsonObject } from '../../core/events.js';
import { CheckpointMovedError } from '../../core/ports/read-model-errors.js';
import type { CheckpointState } from '../../core/ports/read-model-store.js';
import { position, type Position } from '../../core/position.js';
import { createIndexIfMissing } from './create-index-if-missing.js';
import { ParkedJournal } from './parked-journal.js';

/** A generation's checkpoint as read, with what a compare-and-set needs. */
interface CheckpointRecord {
  readonly state: CheckpointState;
  /** What the last batch parked and unparked, not yet copied into the parked index. */
  readonly journal: ParkedJournal;
  /** The record's sequence number: with its primary term, the guard of the next write; it only grows. */
  readonly seqNo: number;
  readonly primaryTerm: number;
}

interface CheckpointSource {
  readonly key: string;
  readonly c: string;
  readonly p: string;
  readonly commits: number;
  readonly updatedAt: string;
  readonly journal: JsonObject;
}

/**
 * One document per generation key in the checkpoints index. Reads are realtime gets (no refresh
 * needed), and every write is a compare-and-set on the record's sequence number and primary term
 * (or a create, for the first), so that of two workers committing on the same count exactly one
 * succeeds and the other gets CheckpointMovedError.
 */
export class CheckpointRecords {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  /** Creates the index if missing: nothing in it is searched, so nothing is indexed. */
  async create(): Promise<void> {
    await createIndexIfMissing(this.client, this.index, {
      settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
      mappings: { dynamic: false, properties: {} },
    });
  }

  async read(key: string): Promise<CheckpointRecord | undefined> {
    const response = await this.client.get<CheckpointSource>({ index: this.index, id: key }, { ignore: [404] });
    if ('error' in response) throw new Error(`checkpoint index ${this.index} is missing: ${JSON.stringify(response.error)}`);
    const source = response._source;
    if (!response.found || !source || response._seq_no === undefined || response._primary_term === undefined) return undefined;
    return {
      state: { position: position(BigInt(source.c), BigInt(source.p)), commits: source.commits },
      journal: ParkedJournal.fromJson(source.journal),
      seqNo: response._seq_no,
      primaryTerm: response._primary_term,
    };
  }

  /** Stores the state with its journal if the record is still `previous` (absent when undefined). */
  async write(key: string, state: { readonly position: Position; readonly commits: number }, journal: ParkedJournal, previous: CheckpointRecord | undefined): Promise<void> {
    const document = {
      key,
      c: state.position.commit.toString(),
      p: state.position.prepare.toString(),
      commits: state.commits,
      updatedAt: new Date().toISOString(),
      journal: journal.toJson(),
    };
    const guard = previous ? { if_seq_no: previous.seqNo, if_primary_term: previous.primaryTerm } : { op_type: 'create' as const };
    try {
      await this.client.index({ index: this.index, id: key, document, ...guard });
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 409) throw new CheckpointMovedError(key);
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.delete({ index: this.index, id: key }, { ignore: [404] });
  }
}
