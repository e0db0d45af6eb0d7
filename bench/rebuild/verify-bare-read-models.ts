import Database from 'better-sqlite3';
import { isDeepStrictEqual } from 'node:util';
import { columnFields, columnOf } from '../../src/adapters/sqlite/read-models/generation-ddl.js';
import { documentTable, searchTable, searchTermsTable, searchVocabularyTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import { generationKey, partsOf, type Generation } from '../../src/core/projections/generation.js';
import { collectionsOf } from '../../src/core/projections/projection.js';
import { projections } from '../../projections/index.js';
import { generationOf } from './bare-seed-models.js';

type Row = Record<string, unknown>;

/**
 * Checks, after the timed runs over the same events, that limit (b) built what the platform
 * built: every table of every read model holds the same rows (bodies compared as JSON, positions
 * and search columns as stored), the FTS5 index the same terms in as many documents and as many
 * times, the term table the same counts; and each checkpoint is at or past the platform's (the
 * bare loop checkpoints every read model at the end of each batch of `$all`). Throws on the first
 * difference, so that a limit that skipped work fails instead of looking fast. Returns each
 * table's row count.
 */
export function verifyBareReadModels(platformFile: string, bareFile: string): string {
  const platform = new Database(platformFile, { readonly: true });
  const bare = new Database(bareFile, { readonly: true });
  try {
    const counts: string[] = [];
    for (const projection of projections) {
      const live = platform.prepare(`SELECT generation FROM rm_generations WHERE projection = ? AND state = 'live'`).pluck().get(projection.name) as number | undefined;
      if (live === undefined) throw new Error(`the platform has no live generation of ${projection.name}`);
      const ours: Generation = { projection, generation: live };
      const theirs = generationOf(projection);
      const target = projection.target;
      if (target.kind === 'documents') {
        for (const collection of collectionsOf(projection)) counts.push(compareTables(platform, bare, documentTable(ours, collection), documentTable(theirs, collection)));
      } else {
        const columns = columnFields(target).map(([field]) => columnOf(field));
        counts.push(compareTables(platform, bare, searchTable(ours), searchTable(theirs), columns));
        const vocabulary = (generation: Generation) => `SELECT term, doc, cnt FROM ${searchVocabularyTable(generation)} ORDER BY term`;
        compareRows(searchVocabularyTable(theirs), platform.prepare(vocabulary(ours)).iterate(), bare.prepare(vocabulary(theirs)).iterate(), 'term');
        const terms = (generation: Generation) => `SELECT term, docs FROM ${searchTermsTable(generation)} ORDER BY term`;
        compareRows(searchTermsTable(theirs), platform.prepare(terms(ours)).iterate(), bare.prepare(terms(theirs)).iterate(), 'term');
      }
      const checkpoint = (db: Database.Database, generation: Generation) =>
        db.prepare('SELECT commit_pos FROM rm_checkpoints WHERE key = ?').pluck().get(generationKey(generation)) as number | undefined;
      // A partitioned projection has a checkpoint per partition; the bare loop one for the whole.
      const bareCheckpoint = checkpoint(bare, theirs);
      for (const part of partsOf(ours)) {
        const platformCheckpoint = checkpoint(platform, part);
        if (platformCheckpoint === undefined || bareCheckpoint === undefined || bareCheckpoint < platformCheckpoint) {
          throw new Error(`${generationKey(part)}: the bare checkpoint ${bareCheckpoint} is not at or past the platform's ${platformCheckpoint}`);
        }
      }
    }
    return counts.join(', ');
  } finally {
    platform.close();
    bare.close();
  }
}

/** Both tables' rows in id order; bodies compared as JSON values, everything else as stored. */
function compareTables(platform: Database.Database, bare: Database.Database, ours: string, theirs: string, columns: readonly string[] = []): string {
  const select = (table: string) => `SELECT id, body, commit_pos, prepare_pos, late${columns.map((c) => `, ${c}`).join('')} FROM ${table} ORDER BY id`;
  const count = compareRows(theirs, platform.prepare(select(ours)).iterate(), bare.prepare(select(theirs)).iterate(), 'id');
  return `${theirs.slice(1, -1)} ${count}`;
}

function compareRows(label: string, expected: Iterable<unknown>, actual: Iterable<unknown>, key: string): number {
  const wanted = expected[Symbol.iterator]();
  const got = actual[Symbol.iterator]();
  let count = 0;
  try {
    for (;;) {
      const a = wanted.next();
      const b = got.next();
      if (a.done || b.done) {
        if (!(a.done && b.done)) throw new Error(`${label}: ${a.done ? 'an extra row' : 'a missing row'} after ${count} rows (${JSON.stringify(a.done ? b.value : a.value)})`);
        return count;
      }
      const platformRow = a.value as Row;
      const bareRow = b.value as Row;
      if (platformRow[key] !== bareRow[key]) {
        throw new Error(`${label}: the platform has ${String(platformRow[key])} where the bare loop has ${String(bareRow[key])}, after ${count} equal rows`);
      }
      if (!isDeepStrictEqual(parsed(platformRow), parsed(bareRow))) {
        throw new Error(`${label}/${String(platformRow[key])}: the bare loop wrote ${JSON.stringify(bareRow)}, the platform ${JSON.stringify(platformRow)}`);
      }
      count += 1;
    }
  } finally {
    // An iterator left open would keep its connection busy, and closing it would fail.
    wanted.return?.();
    got.return?.();
  }
}

function parsed(row: Row): Row {
  return typeof row.body === 'string' ? { ...row, body: JSON.parse(row.body) as unknown } : row;
}
