import { expect } from 'chai';
import { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import { CheckpointLog } from '../../src/adapters/mongodb/checkpoint-log.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { CheckpointMovedError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { batchOf, commitEntries, storeTarget, uniqueProjection } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoReadModelStore checkpoints', [mongodbServer], (engine, server) => {
  describe(`${engine}: MongoReadModelStore checkpoints without transactions`, function () {
    const disposers: (() => Promise<void>)[] = [];
    let stores: MongoReadModelStore[];
    let generation: Generation;
    let databaseName: string;

    beforeEach(async function () {
      // Two connections to one database, as two workers would have, with transactions off even on a replica set.
      const first = await server.open({ transactions: false });
      databaseName = first.database.db.databaseName;
      const second = await server.open({ name: databaseName, transactions: false });
      disposers.push(first.dispose, () => second.database.close());
      stores = [new MongoReadModelStore(first.database), new MongoReadModelStore(second.database)];
      generation = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
      await stores[0]!.prepare(generation);
    });

    afterEach(async function () {
      for (const dispose of disposers.splice(0).reverse()) await dispose();
    });

    it('says it relies on position guards', function () {
      expect(stores[0]!.capabilities).to.include({ transactional: false });
      expect(stores[0]!.capabilities.consistency).to.match(/^position guards \(/);
    });

    it('lets exactly one of concurrent commits on the same count move the checkpoint, round after round', async function () {
      for (let round = 0; round < 5; round += 1) {
        const outcomes = await Promise.allSettled(
          [0, 1, 2, 3].map((n) =>
            stores[n % 2]!.commit(generation, batchOf('items', [{ id: `r${round}w${n}`, body: { n }, position: position(BigInt(round * 10 + n + 1)) }], { basedOn: round, checkpoint: position(BigInt(round * 10 + 9)) })),
          ),
        );
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(outcomes.length - lost.length, `round ${round}`).to.equal(1);
        for (const outcome of lost) expect(outcome.reason).to.be.instanceOf(CheckpointMovedError);
        expect(await stores[1]!.checkpoint(generation)).to.deep.equal({ position: position(BigInt(round * 10 + 9)), commits: round + 1 });
      }
    });

    it('refuses a claim on a commit number freed by pruning, when later commits exist', async function () {
      const database = (await server.open({ name: databaseName, transactions: false })).database;
      disposers.push(() => database.close());
      const log = new CheckpointLog(database.shared('checkpoints'));
      for (let basedOn = 0; basedOn < 15; basedOn += 1) await log.claim('K#1', basedOn, position(BigInt(basedOn + 1)));
      // A worker that read count 2 and stalled while fifteen commits went by: number 3 was pruned.
      expect(await rejectionOf(log.claim('K#1', 2, position(99n)))).to.be.instanceOf(CheckpointMovedError);
      expect(await log.latest('K#1')).to.deep.equal({ position: position(15n), commits: 15 });
      expect(await rejectionOf(log.claim('K#1', 14, position(99n)))).to.be.instanceOf(CheckpointMovedError);
      await log.claim('K#1', 15, position(16n));
      expect(await log.latest('K#1')).to.deep.equal({ position: position(16n), commits: 16 });
    });

    it('refuses a commit on a stale count before writing any of its documents', async function () {
      await commitEntries(stores[0]!, generation, [{ id: 'a', body: { id: 'a' }, position: position(1n) }]);
      const stale = batchOf('items', [{ id: 'b', body: { id: 'b' }, position: position(2n) }], { basedOn: 0 });
      expect(await rejectionOf(stores[1]!.commit(generation, stale))).to.be.instanceOf(CheckpointMovedError);
      expect((await stores[0]!.load(generation, 'items', ['b'])).size).to.equal(0);
      expect((await stores[0]!.checkpoint(generation)).commits).to.equal(1);
    });
  });
});
