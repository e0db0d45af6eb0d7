import type { ChangeNotifier } from '../../../core/ports/change-notifier.js';
import type { CorrelatedDocuments } from '../../../core/ports/read-model-store.js';
import { position } from '../../../core/position.js';
import { decodeParking } from './parking-json.js';
import type { ReadModelDatabase } from './read-model-database.js';

interface ChangeRow {
  readonly seq: number;
  readonly projection: string;
  readonly generation: number;
  readonly commit_pos: bigint;
  readonly prepare_pos: bigint;
  readonly document_ids: string;
  readonly correlations: string;
  readonly parking: string | null;
  readonly part: bigint | null;
}

/**
 * Relays commits made by runners in other processes to this process's notifier: whenever the
 * read-model file changes (inotify, see ChangeFeed), it reads the change log from where it
 * stopped. An API process started apart from its workers hears of every batch this way.
 */
export class SqliteChangeLog {
  private last: number;
  private readonly stop: () => void;

  constructor(
    private readonly database: ReadModelDatabase,
    private readonly notifier: ChangeNotifier,
  ) {
    this.last = (database.db.prepare('SELECT coalesce(max(seq), 0) FROM rm_changes').pluck().get() as number) ?? 0;
    this.stop = database.changes.onChange(() => this.relay());
  }

  close(): void {
    this.stop();
  }

  private relay(): void {
    const rows = this.database.statements
      .get('SELECT * FROM rm_changes WHERE seq > ? ORDER BY seq', { safeIntegers: true })
      .all(this.last) as (ChangeRow & { seq: bigint })[];
    for (const row of rows) {
      this.last = Number(row.seq);
      const correlations = JSON.parse(row.correlations) as CorrelatedDocuments[];
      const parking = decodeParking(row.parking);
      this.notifier.publish({
        projection: row.projection,
        generation: Number(row.generation),
        ...(row.part !== null ? { partition: Number(row.part) } : {}),
        position: position(row.commit_pos, row.prepare_pos),
        documentIds: JSON.parse(row.document_ids) as string[],
        correlationIds: correlations.map((c) => c.correlationId),
        correlations,
        ...(parking ? { parking } : {}),
      });
    }
  }
}
