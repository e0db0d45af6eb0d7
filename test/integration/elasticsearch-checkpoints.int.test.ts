import { expect } from 'chai';
import type { Client } from '@elastic/elasticsearch';
import { ElasticsearchReadModelStore } from '../../src/adapters/elasticsearch/elasticsearch-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { CheckpointMovedError } from '../../src/core/ports/read-model-errors.js';
import type { ReadModelStore } from '../../src/core/ports/read-model-store.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, parkedEvent, storeTarget, uniqueProjection, type Entry } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { elasticsearchReadModels, type ElasticsearchAdapters } from '../engines/elasticsearch-engines.js';

/** The checkpoint record: stored after the documents are searchable, and the only way parked events become visible. */
describeEachEngine('checkpoints', [elasticsearchReadModels], (engine, fixture) => {
  describe(`${engine}: checkpoints`, function () {
    let adapters: ElasticsearchAdapters;
    let generation: Generation;
    const entry = (n: number): Entry => ({ id: `d${n}`, body: { id: `d${n}`, title: `common d${n}`, rank: n }, position: position(BigInt(n)) });
    const searchable = async () => (await adapters.search.search(generation, { text: 'common', from: 0, size: 100 })).total;

    /** Commits `count` batches of one document each while another reader watches the checkpoint. */
    async function watchCommits(store: ReadModelStore, count: number): Promise<number> {
      let done = false;
      const writer = (async () => {
        for (let n = 1; n <= count; n += 1) await commitEntries(store, generation, [entry(n)]);
      })().finally(() => (done = true));
      const early: string[] = [];
      let observed = 0;
      while (!done) {
        const { position: seen } = await adapters.store.checkpoint(generation);
        if (!seen) continue;
        const total = await searchable();
        if (total < Number(seen.commit)) early.push(`checkpoint ${seen.commit} with ${total} documents searchable`);
        observed += 1;
      }
      await writer;
      expect(early).to.deep.equal([]);
      return observed;
    }

    beforeEach(async function () {
      adapters = await fixture.open();
      generation = { projection: uniqueProjection(storeTarget('search')), generation: 1 };
      await adapters.store.prepare(generation);
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('never shows a checkpoint before its documents are searchable (forced refresh)', async function () {
      expect(await watchCommits(adapters.store, 20)).to.be.greaterThan(0);
    });

    it('never shows a checkpoint before its documents are searchable (refresh wait_for)', async function () {
      const store = new ElasticsearchReadModelStore({ client: adapters.client, prefix: adapters.prefix, refresh: 'wait_for' });
      expect(await watchCommits(store, 3)).to.be.greaterThan(0);
    });

    it('parks nothing for a batch that crashed between its documents and its checkpoint, and takes its replay', async function () {
      const parked = parkedEvent(position(4n), 1);
      const batch = batchOf('items', [entry(5)], { basedOn: 0, parked: [parked] });
      const crashing = new ElasticsearchReadModelStore({ client: crashOnCheckpoint(adapters.client), prefix: adapters.prefix });
      expect((await rejectionOf(crashing.commit(generation, batch))).message).to.include('crashed before the checkpoint');
      expect(await adapters.store.checkpoint(generation)).to.deep.equal({ position: undefined, commits: 0 });
      expect(await adapters.store.parked(generation)).to.deep.equal([]);

      await adapters.store.commit(generation, batch);
      expect(await adapters.store.parked(generation)).to.deep.equal([parked]);
      expect((await adapters.store.load(generation, 'items', ['d5'])).get('d5')?.position).to.deep.equal(position(5n));
    });

    it('lists only the parked events of the winner when two batches race on one commit count', async function () {
      const events = [parkedEvent(position(1n), 1), parkedEvent(position(2n), 2)];
      const outcomes = await Promise.allSettled(events.map((event, n) => adapters.store.commit(generation, batchOf('items', [entry(n + 3)], { basedOn: 0, parked: [event] }))));
      const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
      expect(outcomes.map((outcome) => outcome.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason).to.be.instanceOf(CheckpointMovedError);
      expect(await adapters.store.parked(generation)).to.deep.equal([events[won]]);
      // The next commit copies the journal into the parked index; the listing stays the same.
      await commitEntries(adapters.store, generation, [entry(9)]);
      expect(await adapters.store.parked(generation)).to.deep.equal([events[won]]);
      const copies = await adapters.client.search({ index: `${adapters.prefix}parked`, query: { term: { deleted: false } } });
      expect(copies.hits.hits.map((hit) => hit._id)).to.deep.equal([`${generation.projection.name}#1@${won + 1}`]);
    });
  });
});

/** The client as a crashed process leaves it: the documents are written, the checkpoint never is. */
function crashOnCheckpoint(client: Client): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'index') return () => Promise.reject(new Error('crashed before the checkpoint'));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
