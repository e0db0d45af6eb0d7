import { expect } from 'chai';
import type { Generation } from '../../src/core/projections/generation.js';
import type { Projection } from '../../src/core/projections/projection.js';
import { ReadModelStoreError } from '../../src/core/ports/read-model-errors.js';
import { position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { commitEntries, storeTarget, uniqueProjection } from '../support/read-model-batches.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { elasticsearchReadModels, type ElasticsearchAdapters } from '../engines/elasticsearch-engines.js';

/** Blue/green: the alias follows the live generation, and moves only when `activate` is called. */
describeEachEngine('alias switch', [elasticsearchReadModels], (engine, fixture) => {
  describe(`${engine}: alias switch`, function () {
    let adapters: ElasticsearchAdapters;
    let projection: Projection;
    let live: Generation;
    let next: Generation;
    let aliasCalls: number;
    const alias = () => `${adapters.prefix}${projection.name.toLowerCase()}`;
    const indexOf = (generation: Generation) => `${alias()}-g${generation.generation}`;
    /** The indexes the alias points to, with their write flag. */
    const aliasTargets = async () => {
      const found = await adapters.client.indices.getAlias({ name: alias() }, { ignore: [404] });
      return Object.fromEntries(Object.entries(found).flatMap(([index, { aliases }]) => (aliases?.[alias()] ? [[index, aliases[alias()]?.is_write_index ?? false]] : [])));
    };
    /** What a reader of the alias finds. */
    const titlesViaAlias = async () => {
      const { hits } = await adapters.client.search<{ title: string }>({ index: alias(), query: { match_all: {} } });
      return hits.hits.map((hit) => hit._source?.title);
    };

    beforeEach(async function () {
      adapters = await fixture.open();
      aliasCalls = 0;
      adapters.client.diagnostic.on('request', (_error, request) => {
        if (request?.meta.request.params.path === '/_aliases') aliasCalls += 1;
      });
      projection = uniqueProjection(storeTarget('search'));
      live = { projection, generation: 1 };
      next = { projection, generation: 2 };
      for (const [generation, title] of [[live, 'live one'], [next, 'rebuilt one']] as const) {
        await adapters.store.prepare(generation);
        await commitEntries(adapters.store, generation, [{ id: 'a', body: { id: 'a', title, rank: 1 }, position: position(1n) }]);
      }
      await adapters.store.activate(live);
      aliasCalls = 0;
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('leaves the alias on the live generation while the next one is built', async function () {
      expect(await aliasTargets()).to.deep.equal({ [indexOf(live)]: true });
      expect(await titlesViaAlias()).to.deep.equal(['live one']);
    });

    it('moves the alias to the next generation in one updateAliases call', async function () {
      await adapters.store.activate(next);
      expect(aliasCalls).to.equal(1);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(next)]: true });
      expect(await titlesViaAlias()).to.deep.equal(['rebuilt one']);
    });

    it('changes nothing when activate runs again, as a retry after a crash would', async function () {
      await adapters.store.activate(next);
      await adapters.store.activate(next);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(next)]: true });
    });

    it('keeps the live generation when a failed rebuild is dropped without ever activating', async function () {
      await adapters.store.drop(next);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(live)]: true });
      expect(await titlesViaAlias()).to.deep.equal(['live one']);
      expect(await adapters.client.indices.exists({ index: indexOf(next) })).to.equal(false);
    });

    it('deletes the retired generation on drop, with the alias staying on the new one', async function () {
      await adapters.store.activate(next);
      await adapters.store.drop(live);
      expect(await adapters.client.indices.exists({ index: indexOf(live) })).to.equal(false);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(next)]: true });
    });

    it('keeps the alias on the live generation when it is truncated', async function () {
      await adapters.store.truncate(live);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(live)]: true });
      expect(await titlesViaAlias()).to.deep.equal([]);
    });

    it('refuses to activate a generation whose index does not exist, and leaves the alias alone', async function () {
      const error = await rejectionOf(adapters.store.activate({ projection, generation: 3 }));
      expect(error).to.be.instanceOf(ReadModelStoreError);
      expect(await aliasTargets()).to.deep.equal({ [indexOf(live)]: true });
    });

    it('refuses a documents target with a clear error', async function () {
      const documents = { projection: uniqueProjection(storeTarget('documents')), generation: 1 };
      const error = await rejectionOf(adapters.store.prepare(documents));
      expect(error).to.be.instanceOf(ReadModelStoreError);
      expect(error.message).to.include('serves search targets only');
    });
  });
});
