import { expect } from 'chai';
import type { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { Batch, DeltaStep } from '../../src/core/ports/read-model-store.js';
import { position } from '../../src/core/position.js';
import { batchOf, commitEntries } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoReadModelStore deltas', [mongodbServer], (engine, server) => {
  describe(`${engine}: MongoReadModelStore deltas`, function () {
    let dispose: () => Promise<void>;
    let store: MongoReadModelStore;
    let generation: Generation;
    const at = (n: number) => position(BigInt(n));
    const deltaBatch = (basedOn: number, id: string, steps: readonly DeltaStep[]): Batch => ({
      ...batchOf('items', [], { basedOn, checkpoint: steps.at(-1)!.position }),
      deltas: [{ collection: 'items', id, steps }],
    });
    const commitDelta = async (id: string, steps: readonly DeltaStep[]) =>
      store.commit(generation, deltaBatch((await store.checkpoint(generation)).commits, id, steps));
    const stored = async (id: string) => (await store.load(generation, 'items', [id])).get(id);

    beforeEach(async function () {
      ({ store, generation, dispose } = await server.openStore());
    });

    afterEach(async function () {
      await dispose();
    });

    it('applies the steps in order, each over an older position only, and moves the position', async function () {
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a', likes: 0, title: 'one' }, position: at(1) }]);
      const steps: DeltaStep[] = [
        { position: at(2), set: {}, increment: { likes: 1 } },
        { position: at(3), set: { title: 'two' }, increment: { likes: 2 } },
      ];
      await commitDelta('a', steps);
      await commitDelta('a', steps);
      expect(await stored('a')).to.deep.equal({ id: 'a', body: { id: 'a', likes: 3, title: 'two' }, position: at(3), late: [] });
    });

    it('does nothing to a missing document or a tombstone', async function () {
      await commitEntries(store, generation, [{ id: 'gone', body: null, position: at(1) }]);
      await commitDelta('gone', [{ position: at(2), set: { title: 'x' }, increment: { likes: 1 } }]);
      await commitDelta('missing', [{ position: at(3), set: { title: 'x' }, increment: {} }]);
      expect(await stored('gone')).to.deep.equal({ id: 'gone', body: null, position: at(1), late: [] });
      expect(await stored('missing')).to.equal(undefined);
    });

    it('counts a missing or non-numeric field as 0 when incrementing', async function () {
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a', text: 'many', none: null, list: [1], nested: { n: 1 } }, position: at(1) }]);
      await commitDelta('a', [{ position: at(2), set: {}, increment: { text: 1, none: 2, list: 3, nested: 4, missing: 5 } }]);
      expect((await stored('a'))?.body).to.deep.equal({ id: 'a', text: 1, none: 2, list: 3, nested: 4, missing: 5 });
    });

    it('keeps counters plain numbers past 2^31', async function () {
      await commitEntries(store, generation, [{ id: 'a', body: { id: 'a', likes: 2 ** 31 - 1 }, position: at(1) }]);
      await commitDelta('a', [{ position: at(2), set: {}, increment: { likes: 1 } }]);
      expect((await stored('a'))?.body?.likes).to.equal(2 ** 31);
    });
  });
});
