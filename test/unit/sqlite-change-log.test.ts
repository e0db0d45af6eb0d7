import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/sqlite/open-database.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteChangeLog } from '../../src/adapters/sqlite/read-models/sqlite-change-log.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { InProcessChangeNotifier } from '../../src/core/consistency/in-process-change-notifier.js';
import type { ProjectionChange } from '../../src/core/ports/change-notifier.js';
import { RoutingReadModelStore } from '../../src/core/read-models/routing-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { position } from '../../src/core/position.js';
import { eventually } from '../support/async.js';
import { commitEntries, parkedEvent, storeTarget, uniqueProjection } from '../support/read-model-batches.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const dir = scratchDirectory();

/** `rm_changes` as files had it before changes carried their parking. */
const OLD_CHANGE_LOG = `
  CREATE TABLE rm_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    projection      TEXT    NOT NULL,
    generation      INTEGER NOT NULL,
    commit_pos      INTEGER NOT NULL,
    prepare_pos     INTEGER NOT NULL,
    document_ids    TEXT    NOT NULL,
    correlations    TEXT    NOT NULL
  );
  INSERT INTO rm_changes (projection, generation, commit_pos, prepare_pos, document_ids, correlations) VALUES ('Old', 1, 1, 1, '[]', '[]');
`;

describe('SQLite change log: what a process without workers hears of the parked events', function () {
  const opened: { close(): void }[] = [];
  let generation: Generation;
  let heard: ProjectionChange[];
  afterEach(function () {
    for (const handle of opened.splice(0).reverse()) handle.close();
  });

  /** The workers' process writes through `store`; another process, on the same file, relays the log to `heard`. */
  const open = (file = join(dir, `${randomUUID()}.db`)) => {
    const writer = new ReadModelDatabase(file);
    const reader = new ReadModelDatabase(file);
    const notifier = new InProcessChangeNotifier();
    heard = [];
    notifier.subscribe((change) => heard.push(change));
    opened.push(writer, reader, new SqliteChangeLog(reader, notifier));
    generation = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
    return { file, writer, store: new SqliteReadModelStore(writer) };
  };

  it('relays the events a batch parked and unparked, with the commit count it reached', async function () {
    const { store } = open();
    await store.prepare(generation);
    const poison = parkedEvent(position(2n), 1);
    await commitEntries(store, generation, [{ id: 'a', body: { id: 'a' }, position: position(1n) }], { checkpoint: position(2n), parked: [poison] });
    await commitEntries(store, generation, [{ id: 'b', body: { id: 'b' }, position: position(2n) }], { unparked: [poison.position] });
    await eventually(() => expect(heard).to.have.length(2));
    expect(heard.map((change) => change.parking)).to.deep.equal([
      { commits: 1, parked: [poison], unparked: [] },
      { commits: 2, parked: [], unparked: [poison.position] },
    ]);
  });

  it('relays what a search store’s batch parked, recorded in the documents store’s log', async function () {
    const { store: documents } = open();
    // Stands in for Elasticsearch: a search store whose own log no process reads.
    const elsewhere = new ReadModelDatabase(join(dir, `${randomUUID()}.db`));
    opened.push(elsewhere);
    const routing = new RoutingReadModelStore(documents, new SqliteReadModelStore(elsewhere), (at, batch) => documents.recordChange(at, batch));
    const search: Generation = { projection: uniqueProjection(storeTarget('search')), generation: 1 };
    await routing.prepare(search);
    const poison = parkedEvent(position(2n), 1);
    await commitEntries(routing, search, [{ id: 'a', body: { id: 'a', title: 'a', rank: 1 }, position: position(1n) }], { checkpoint: position(2n), parked: [poison] });
    await eventually(() => expect(heard).to.have.length(1));
    expect(heard[0]).to.deep.include({ projection: search.projection.name, parking: { commits: 1, parked: [poison], unparked: [] } });
  });

  it('adds the parking column to a file written before it, and relays older entries as of unknown parking', async function () {
    const file = join(dir, `${randomUUID()}.db`);
    const before = openDatabase(file);
    before.exec(OLD_CHANGE_LOG);
    before.close();
    const { writer, store } = open(file);
    await store.prepare(generation);
    // A worker of the previous version, still running beside the new one, logs without the column.
    writer.db.exec(`INSERT INTO rm_changes (projection, generation, commit_pos, prepare_pos, document_ids, correlations) VALUES ('Old', 1, 2, 2, '[]', '[]')`);
    writer.changes.committed();
    await commitEntries(store, generation, [{ id: 'a', body: { id: 'a' }, position: position(3n) }]);
    await eventually(() => expect(heard).to.have.length(2));
    expect(heard[0]).to.deep.include({ projection: 'Old', position: position(2n) });
    expect(heard[0]).not.to.have.property('parking');
    expect(heard[1]!.parking).to.deep.equal({ commits: 1, parked: [], unparked: [] });
  });
});
