import { expect } from 'chai';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { searchTermsTable, searchVocabularyTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteSearchQueries } from '../../src/adapters/sqlite/read-models/sqlite-search-queries.js';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { Position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, positions, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const dir = scratchDirectory();

/** A read-model file with its store and search, and a count of the term-table rows each search read. */
function open(file = join(dir, `${randomUUID()}.db`)) {
  const database = new ReadModelDatabase(file);
  const termRowsRead: number[] = [];
  const get = database.statements.get.bind(database.statements);
  database.statements.get = (sql, options) => {
    const statement = get(sql, options);
    if (!sql.includes('_terms"')) return statement;
    return new Proxy(statement, {
      get: (target, property) => {
        if (property !== 'all') return Reflect.get(target, property, target) as unknown;
        return (...params: unknown[]) => {
          const rows = target.all(...params);
          termRowsRead.push(rows.length);
          return rows;
        };
      },
    });
  };
  return { database, file, store: new SqliteReadModelStore(database), search: new SqliteSearchQueries(database), termRowsRead };
}

describe('SQLite search terms: read as they change, not all after every commit', function () {
  let generation: Generation;
  let clock: () => Position;
  const opened: ReadModelDatabase[] = [];
  const product = (id: string, name: string, description = ''): Entry => ({ id, body: { id, name, description }, position: clock() });
  const removal = (id: string): Entry => ({ id, body: null, position: clock() });
  const ids = async (search: SqliteSearchQueries, text: string) => (await search.search(generation, { text, from: 0, size: 20 })).hits.map((hit: JsonObject) => hit.id);
  const prepared = async () => {
    const adapters = open();
    opened.push(adapters.database);
    await adapters.store.prepare(generation);
    return adapters;
  };

  beforeEach(function () {
    clock = positions();
    generation = {
      projection: uniqueProjection({ kind: 'search', collection: 'products', fields: { name: { type: 'text', boost: 2 }, description: { type: 'text' } } }),
      generation: 1,
    };
  });

  afterEach(function () {
    for (const database of opened.splice(0)) database.close();
  });

  it('keeps the term table equal to the index vocabulary through writes, rewrites and deletions', async function () {
    const { database, store } = await prepared();
    const word = fc.constantFrom('desk', 'Desk', 'lamp', 'café', 'CAFE', 'ﬁne', 'fine', 'Ｆｕｌｌ', 'x²', 'naïve', 'o’neil', 'a-b', '42', '𝒜lpha', '');
    const text = fc.array(word, { maxLength: 4 }).map((words) => words.join(' '));
    const entry = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.option(fc.tuple(text, text), { freq: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(entry, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        for (const batch of batches) {
          await commitEntries(store, generation, batch.map(([id, texts]) => (texts ? product(id, texts[0], texts[1]) : removal(id))));
          const counted = database.db.prepare(`SELECT term, docs AS documents FROM ${searchTermsTable(generation)} WHERE docs > 0 ORDER BY term`).all();
          const indexed = database.db.prepare(`SELECT term, doc AS documents FROM ${searchVocabularyTable(generation)} ORDER BY term`).all();
          expect(counted).to.deep.equal(indexed);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('counts right after a batch that failed midway, even one that created the scratch tables', async function () {
    const { database, store, search } = await prepared();
    const failing = batchOf('products', [product('a', 'Walnut tray')], { basedOn: 0 });
    // A step on a search collection fails after the writes: the whole batch is rolled back.
    const steps = [{ position: clock(), set: { name: 'x' }, increment: {} }];
    expect(await rejectionOf(store.commit(generation, { ...failing, deltas: [{ collection: 'products', id: 'a', steps }] }))).to.be.instanceOf(Error);
    await commitEntries(store, generation, [product('b', 'Walnut shelf')]);
    const counted = database.db.prepare(`SELECT term, docs AS documents FROM ${searchTermsTable(generation)} WHERE docs > 0 ORDER BY term`).all();
    expect(counted).to.deep.equal([
      { term: 'shelf', documents: 1 },
      { term: 'walnut', documents: 1 },
    ]);
    expect(await ids(search, 'walnot')).to.deep.equal(['b']);
  });

  it('finds a term of a later batch with a typo, reading only the term rows that batch changed', async function () {
    const { store, search, termRowsRead } = await prepared();
    await commitEntries(store, generation, [product('desk', 'Oak desk', 'Solid wood'), product('lamp', 'Desk lamp', 'Warm light')]);
    expect(await ids(search, 'dsek')).to.have.members(['desk', 'lamp']);
    expect(termRowsRead).to.deep.equal([7]);
    await commitEntries(store, generation, [product('keyboard', 'Keyboard', 'Oak')]);
    expect(await ids(search, 'keybaord')).to.deep.equal(['keyboard']);
    expect(termRowsRead, 'the new term only: "oak" gained a document but was there already').to.deep.equal([7, 1]);
    expect(await ids(search, 'keybaord')).to.deep.equal(['keyboard']);
    expect(termRowsRead).to.deep.equal([7, 1, 0]);
  });

  it('forgets a term once no document holds it', async function () {
    const { store, search } = await prepared();
    await commitEntries(store, generation, [product('a', 'Walnut tray'), product('b', 'Walnut shelf')]);
    expect(await ids(search, 'walnot')).to.have.members(['a', 'b']);
    await commitEntries(store, generation, [product('a', 'Maple tray'), removal('b')]);
    expect(await ids(search, 'walnot')).to.deep.equal([]);
    expect(await ids(search, 'mapel')).to.deep.equal(['a']);
  });

  it('forgets the old terms after an in-place rebuild, and learns the new ones', async function () {
    const { store, search } = await prepared();
    await commitEntries(store, generation, [product('keyboard', 'Mechanical keyboard')]);
    expect(await ids(search, 'keybaord')).to.deep.equal(['keyboard']);
    await store.truncate(generation);
    await commitEntries(store, generation, [product('monitor', 'Curved monitor')]);
    expect(await ids(search, 'monitro')).to.deep.equal(['monitor']);
    expect(await ids(search, 'keybaord')).to.deep.equal([]);
    expect(await ids(search, 'mechanical')).to.deep.equal([]);
  });

  it('starts over when a generation is dropped and made again under the same number', async function () {
    const { store, search } = await prepared();
    await commitEntries(store, generation, [product('a', 'Bamboo whisk'), product('b', 'Copper kettle'), product('c', 'Linen apron')]);
    expect(await ids(search, 'kettel')).to.deep.equal(['b']);
    await store.drop(generation);
    await store.prepare(generation);
    await commitEntries(store, generation, [product('d', 'Ceramic teapot')]);
    expect(await ids(search, 'teapto')).to.deep.equal(['d']);
    expect(await ids(search, 'kettel')).to.deep.equal([]);
  });

  it('sees terms another connection writes to the file, as a worker in another process does', async function () {
    const worker = await prepared();
    const api = open(worker.file);
    opened.push(api.database);
    await commitEntries(worker.store, generation, [product('desk', 'Oak desk')]);
    expect(await ids(api.search, 'dsek')).to.deep.equal(['desk']);
    await commitEntries(worker.store, generation, [product('lamp', 'Brass lamp')]);
    expect(await ids(api.search, 'bras')).to.deep.equal(['lamp']);
    expect(api.termRowsRead).to.deep.equal([2, 2]);
  });

  it('fills the term table of a generation written before there was one', async function () {
    const { database, store } = await prepared();
    await commitEntries(store, generation, [product('desk', 'Oak desk', 'Solid wood'), product('lamp', 'Desk lamp')]);
    database.db.exec(`DROP TABLE ${searchTermsTable(generation)}`);
    const later = open(database.file);
    opened.push(later.database);
    await later.store.prepare(generation);
    expect(await ids(later.search, 'dsek')).to.have.members(['desk', 'lamp']);
    await commitEntries(later.store, generation, [removal('lamp')]);
    const counted = later.database.db.prepare(`SELECT term, docs AS documents FROM ${searchTermsTable(generation)} WHERE docs > 0 ORDER BY term`).all();
    expect(counted.map((row) => Object.values(row as object))).to.deep.equal([['desk', 1], ['oak', 1], ['solid', 1], ['wood', 1]]);
  });
});
