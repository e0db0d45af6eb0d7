import { expect } from 'chai';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { type Projection } from '../../src/core/projections/projection.js';
import type { DocumentQueries } from '../../src/core/ports/document-queries.js';
import { CheckpointMovedError } from '../../src/core/ports/read-model-errors.js';
import type { ReadModelStore } from '../../src/core/ports/read-model-store.js';
import type { SearchQueries } from '../../src/core/ports/search-queries.js';
import { position, type Position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, byId, commitEntries, parkedEvent, positions, storeTarget, uniqueProjection, type BatchOptions, type Entry, type TargetKind } from '../support/read-model-batches.js';
import { documentQueriesContract } from './document-queries.contract.js';
import { searchQueriesContract } from './search-queries.contract.js';

export type { TargetKind };


/** The read-model adapters of one engine, opened for one test. */
export interface ReadModelAdapters {
  readonly store: ReadModelStore;
  readonly documents: DocumentQueries;
  readonly search: SearchQueries;
  close(): Promise<void>;
}

export interface ReadModelFixture {
  /** The target kinds the engine serves: only their suites run (MongoDB: documents; Elasticsearch: search). */
  readonly kinds: readonly TargetKind[];
  /** Adapters for one test. They may share a server with other tests: projection names are unique per test. */
  open(): Promise<ReadModelAdapters>;
}

/** The read-model ports' contract (store, document queries, search), run against every reachable adapter. */
export function readModelContract(engine: string, fixture: ReadModelFixture): void {
  for (const kind of fixture.kinds) storeContract(engine, fixture, kind);
  if (fixture.kinds.includes('documents')) documentQueriesContract(engine, fixture);
  if (fixture.kinds.includes('search')) searchQueriesContract(engine, fixture);
}

function storeContract(engine: string, fixture: ReadModelFixture, kind: TargetKind): void {
  describe(`${engine}: ReadModelStore (${kind} target)`, function () {
    let adapters: ReadModelAdapters;
    let store: ReadModelStore;
    let projection: Projection;
    let generation: Generation;
    let clock: () => Position;
    const item = (id: string, rank: number, extra: JsonObject = {}): Entry => ({
      id,
      body: { id, title: `common ${id}`, rank, ...extra },
      position: clock(),
    });
    const tombstone = (id: string): Entry => ({ id, body: null, position: clock() });
    const commit = (target: Generation, entries: readonly Entry[], options: Partial<BatchOptions> = {}) => commitEntries(store, target, entries, options);
    const load = async (target: Generation, ids: readonly string[]) => store.load(target, 'items', ids);
    /** What the queries of this target kind return: every live document of the generation. */
    const visible = async (target: Generation): Promise<{ documents: JsonObject[]; total: number }> => {
      const found =
        kind === 'documents'
          ? await adapters.documents.find(target, 'items', { orderBy: [{ field: 'id', direction: 'asc' }], limit: 100 })
          : await adapters.search.search(target, { text: 'common', from: 0, size: 100 }).then(({ hits, total }) => ({ documents: hits, total }));
      return { documents: [...found.documents].sort(byId), total: found.total };
    };
    const visibleIds = async (target: Generation) => (await visible(target)).documents.map((document) => document.id);

    beforeEach(async function () {
      adapters = await fixture.open();
      store = adapters.store;
      clock = positions();
      projection = uniqueProjection(storeTarget(kind));
      generation = { projection, generation: 1 };
      await store.prepare(generation);
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('prepares a generation again without losing what it holds', async function () {
      await commit(generation, [item('a', 1)]);
      await store.prepare(generation);
      await store.prepare(generation);
      expect([...(await load(generation, ['a'])).keys()]).to.deep.equal(['a']);
      expect(await visibleIds(generation)).to.deep.equal(['a']);
      expect((await store.checkpoint(generation)).commits).to.equal(1);
    });

    it('stores committed documents and loads them with their position and late positions', async function () {
      const late = clock();
      const a = item('a', 1);
      const b = item('b', 2);
      await commit(generation, [{ ...a, late: [late] }, b]);
      const loaded = await load(generation, ['a', 'b', 'missing']);
      expect([...loaded.keys()].sort()).to.deep.equal(['a', 'b']);
      expect(loaded.get('a')).to.deep.equal({ id: 'a', body: a.body, position: a.position, late: [late] });
      expect(loaded.get('b')).to.deep.equal({ id: 'b', body: b.body, position: b.position, late: [] });

      const newer = item('b', 3, { note: 'replaced' });
      await commit(generation, [newer]);
      expect((await load(generation, ['b'])).get('b')).to.deep.equal({ id: 'b', body: newer.body, position: newer.position, late: [] });
    });

    it('moves the checkpoint with each commit and counts the commits', async function () {
      const initial = await store.checkpoint(generation);
      expect(initial.position).to.equal(undefined);
      expect(initial.commits).to.equal(0);
      const first = clock();
      await commit(generation, [item('a', 1)], { checkpoint: first });
      expect(await store.checkpoint(generation)).to.deep.equal({ position: first, commits: 1 });
      // A batch of events the projection ignored still moves the checkpoint past them.
      const skipped = position(first.commit + 10n, first.commit + 7n);
      await commit(generation, [], { checkpoint: skipped });
      expect(await store.checkpoint(generation)).to.deep.equal({ position: skipped, commits: 2 });
    });

    it('rejects a commit based on a stale commit count with CheckpointMovedError', async function () {
      await commit(generation, [item('a', 1)]);
      for (const basedOn of [0, 2]) {
        const error = await rejectionOf(store.commit(generation, batchOf('items', [item('b', 2)], { basedOn })));
        expect(error, `basedOn ${basedOn}`).to.be.instanceOf(CheckpointMovedError);
      }
      await store.commit(generation, batchOf('items', [item('c', 3)], { basedOn: 1 }));
      expect((await store.checkpoint(generation)).commits).to.equal(2);
    });

    it('changes nothing when it rejects a stale commit, if transactional', async function () {
      if (!store.capabilities.transactional) this.skip();
      const parked = parkedEvent(clock(), 1);
      const a = item('a', 1);
      await commit(generation, [a], { parked: [parked] });
      const before = await store.checkpoint(generation);
      const stale = batchOf('items', [item('a', 9, { note: 'stale' }), item('b', 2)], {
        basedOn: 0,
        parked: [parkedEvent(clock(), 2)],
        unparked: [parked.position],
        checkpoint: clock(),
      });
      expect(await rejectionOf(store.commit(generation, stale))).to.be.instanceOf(CheckpointMovedError);
      const loaded = await load(generation, ['a', 'b']);
      expect([...loaded.keys()]).to.deep.equal(['a']);
      expect(loaded.get('a')?.body).to.deep.equal(a.body);
      expect(await visible(generation)).to.deep.equal({ documents: [a.body], total: 1 });
      expect(await store.parked(generation)).to.deep.equal([parked]);
      expect(await store.checkpoint(generation)).to.deep.equal(before);
    });

    it('lets exactly one of two commits based on the same count succeed', async function () {
      const outcomes = await Promise.allSettled(
        ['a', 'b'].map((id, n) => store.commit(generation, batchOf('items', [item(id, n)], { basedOn: 0 }))),
      );
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      expect(lost).to.have.length(1);
      expect(lost[0]!.reason).to.be.instanceOf(CheckpointMovedError);
      expect((await store.checkpoint(generation)).commits).to.equal(1);
      if (store.capabilities.transactional) expect(await visibleIds(generation)).to.have.length(1);
    });

    it('keeps tombstones for load but never returns them from queries', async function () {
      await commit(generation, [item('a', 1), item('b', 2)]);
      const deleted = tombstone('a');
      await commit(generation, [deleted]);
      expect((await load(generation, ['a'])).get('a')).to.deep.equal({ id: 'a', body: null, position: deleted.position, late: [] });
      const { documents, total } = await visible(generation);
      expect(documents.map((document) => document.id)).to.deep.equal(['b']);
      expect(total).to.equal(1);
    });

    it('stores parked events with all their fields and lists them in position order', async function () {
      const far = parkedEvent(position(2n ** 62n + 5n, 2n ** 62n + 1n), 1);
      const ten = parkedEvent(position(10n), 2);
      const nine = parkedEvent(position(9n), 3);
      const sameCommitLater = parkedEvent(position(7n, 5n), 4);
      const sameCommitEarlier = parkedEvent(position(7n, 3n), 5);
      await commit(generation, [], { parked: [far, nine], checkpoint: position(2n ** 62n + 5n) });
      await commit(generation, [], { parked: [ten, sameCommitLater, sameCommitEarlier], checkpoint: position(2n ** 62n + 6n) });
      expect(await store.parked(generation)).to.deep.equal([sameCommitEarlier, sameCommitLater, nine, ten, far]);
    });

    it('no longer lists parked events that a later batch unparked', async function () {
      const events = [1, 2, 3, 4].map((n) => parkedEvent(position(BigInt(n * 10)), n));
      await commit(generation, [], { parked: events, checkpoint: position(50n) });
      // Unparking an event that is not parked is harmless: a replay may repeat itself.
      await commit(generation, [], { unparked: [position(20n), position(40n), position(45n)], checkpoint: position(60n) });
      expect(await store.parked(generation)).to.deep.equal([events[0], events[2]]);
    });

    it('truncates one generation: its documents, checkpoint and parked events, and nothing of another', async function () {
      const other: Generation = { projection, generation: 2 };
      await store.prepare(other);
      const kept = parkedEvent(clock(), 1);
      await commit(generation, [item('a', 1)], { parked: [parkedEvent(clock(), 2)] });
      await commit(other, [item('b', 2)], { parked: [kept] });
      await store.truncate(generation);

      expect((await load(generation, ['a'])).size).to.equal(0);
      expect(await visible(generation)).to.deep.equal({ documents: [], total: 0 });
      const emptied = await store.checkpoint(generation);
      expect(emptied.position).to.equal(undefined);
      expect(emptied.commits).to.equal(0);
      expect(await store.parked(generation)).to.deep.equal([]);

      expect([...(await load(other, ['b'])).keys()]).to.deep.equal(['b']);
      expect(await visibleIds(other)).to.deep.equal(['b']);
      expect((await store.checkpoint(other)).commits).to.equal(1);
      expect(await store.parked(other)).to.deep.equal([kept]);

      await commit(generation, [item('c', 3)]);
      expect(await visibleIds(generation)).to.deep.equal(['c']);
    });

    it('drops a generation and leaves another generation of the same projection intact', async function () {
      const other: Generation = { projection, generation: 2 };
      await store.prepare(other);
      const kept = parkedEvent(clock(), 1);
      await commit(generation, [item('a', 1)], { parked: [parkedEvent(clock(), 2)] });
      const b = item('b', 2);
      await commit(other, [b], { parked: [kept] });
      const otherCheckpoint = await store.checkpoint(other);
      await store.drop(generation);

      const dropped = await store.checkpoint(generation);
      expect(dropped.position).to.equal(undefined);
      expect(dropped.commits).to.equal(0);
      expect(await store.parked(generation)).to.deep.equal([]);
      await store.prepare(generation);
      expect((await load(generation, ['a'])).size).to.equal(0);
      expect(await visible(generation)).to.deep.equal({ documents: [], total: 0 });

      expect((await load(other, ['b'])).get('b')?.body).to.deep.equal(b.body);
      expect(await visibleIds(other)).to.deep.equal(['b']);
      expect(await store.checkpoint(other)).to.deep.equal(otherCheckpoint);
      expect(await store.parked(other)).to.deep.equal([kept]);
    });

    it('keeps the documents of two generations apart, even under the same ids', async function () {
      const other: Generation = { projection, generation: 2 };
      await store.prepare(other);
      const mine = item('shared', 1, { generation: 1 });
      const theirs = item('shared', 2, { generation: 2 });
      await commit(generation, [mine, item('only-first', 3)]);
      await commit(other, [theirs]);
      await commit(other, [item('only-second', 4)]);

      expect((await load(generation, ['shared', 'only-second'])).get('shared')?.body).to.deep.equal(mine.body);
      expect([...(await load(generation, ['only-second'])).keys()]).to.deep.equal([]);
      expect((await load(other, ['shared', 'only-first'])).get('shared')?.body).to.deep.equal(theirs.body);
      expect([...(await load(other, ['only-first'])).keys()]).to.deep.equal([]);
      expect(await visibleIds(generation)).to.deep.equal(['only-first', 'shared']);
      expect((await visible(generation)).documents[1]).to.deep.equal(mine.body);
      expect(await visibleIds(other)).to.deep.equal(['only-second', 'shared']);
      expect((await visible(other)).documents[1]).to.deep.equal(theirs.body);
      expect((await store.checkpoint(generation)).commits).to.equal(1);
      expect((await store.checkpoint(other)).commits).to.equal(2);
    });

    it('round-trips positions beyond 2^53 exactly', async function () {
      const big = position(2n ** 62n + 5n, 2n ** 62n + 1n);
      const late = position(2n ** 62n + 2n);
      const checkpoint = position(2n ** 63n - 1n);
      const parked = parkedEvent(position(2n ** 62n + 3n), 1);
      await commit(generation, [{ id: 'a', body: { id: 'a', title: 'common', rank: 1 }, position: big, late: [late] }], { checkpoint, parked: [parked] });
      const loaded = (await load(generation, ['a'])).get('a');
      expect(loaded?.position).to.deep.equal(big);
      expect(loaded?.late).to.deep.equal([late]);
      expect((await store.checkpoint(generation)).position).to.deep.equal(checkpoint);
      expect((await store.parked(generation)).map((event) => event.position)).to.deep.equal([parked.position]);
    });
  });
}

