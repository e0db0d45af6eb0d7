import { expect } from 'chai';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import type { DocumentQueries, DocumentQuery } from '../../src/core/ports/document-queries.js';
import { position, type Position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { commitEntries, positions, uniqueProjection } from '../support/read-model-batches.js';
import type { ReadModelAdapters, ReadModelFixture } from './read-model-store.contract.js';

/** Queries of documents projections: by id, equality, range, array membership, sorted and paged. */
export function documentQueriesContract(engine: string, fixture: ReadModelFixture): void {
  describe(`${engine}: DocumentQueries`, function () {
    let adapters: ReadModelAdapters;
    let generation: Generation;
    let clock: () => Position;
    const write = async (bodies: readonly (JsonObject & { id: string })[]) =>
      commitEntries(adapters.store, generation, bodies.map((body) => ({ id: body.id, body, position: clock() })));
    const find = async (query: Partial<DocumentQuery>) => adapters.documents.find(generation, 'orders', { limit: 100, ...query });
    /** The ids found, in the order they came. */
    const ids = async (query: Partial<DocumentQuery>) => (await find(query)).documents.map((document) => document.id);
    const orders = [
      { id: 'o1', status: 'open', total: 10, placedAt: '2024-01-05T10:00:00.000Z', tags: ['gift', 'rush'], paid: true },
      { id: 'o2', status: 'open', total: 25, placedAt: '2024-02-10T10:00:00.000Z', tags: ['rush'], paid: false },
      { id: 'o3', status: 'closed', total: 25, placedAt: '2024-03-15T10:00:00.000Z', tags: [], paid: true },
      { id: 'o4', status: 'closed', total: 40, placedAt: '2024-04-20T10:00:00.000Z', tags: ['gift'], paid: false },
      { id: 'o5', status: 'open', total: 55, placedAt: '2024-05-25T10:00:00.000Z', tags: ['bulk'], paid: true },
    ];

    beforeEach(async function () {
      adapters = await fixture.open();
      clock = positions();
      generation = {
        projection: uniqueProjection({
          kind: 'documents',
          collections: { orders: { indexes: [{ fields: ['status', 'total'] }, { fields: ['placedAt'] }, { fields: ['paid'] }] } },
        }),
        generation: 1,
      };
      await adapters.store.prepare(generation);
      // Written out of id order, so that no order below comes from the order of writes.
      await write([orders[3]!, orders[0]!, orders[4]!, orders[2]!, orders[1]!]);
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('gets a document by id, and nothing for a missing or deleted one', async function () {
      expect(await adapters.documents.get(generation, 'orders', 'o2')).to.deep.equal(orders[1]);
      expect(await adapters.documents.get(generation, 'orders', 'o9')).to.equal(undefined);
      await commitEntries(adapters.store, generation, [{ id: 'o2', body: null, position: clock() }]);
      expect(await adapters.documents.get(generation, 'orders', 'o2')).to.equal(undefined);
    });

    it('finds the documents whose field equals a value', async function () {
      expect(await ids({ where: [{ field: 'status', op: 'eq', value: 'open' }] })).to.have.members(['o1', 'o2', 'o5']);
      expect(await ids({ where: [{ field: 'total', op: 'eq', value: 25 }] })).to.have.members(['o2', 'o3']);
      expect(await ids({ where: [{ field: 'status', op: 'eq', value: 'lost' }] })).to.deep.equal([]);
    });

    it('finds the documents in a range of numbers, each bound inclusive or exclusive', async function () {
      const total = (op: 'gt' | 'gte' | 'lt' | 'lte', value: number) => ({ field: 'total', op, value }) as const;
      expect(await ids({ where: [total('gte', 25)] })).to.have.members(['o2', 'o3', 'o4', 'o5']);
      expect(await ids({ where: [total('gt', 25)] })).to.have.members(['o4', 'o5']);
      expect(await ids({ where: [total('lte', 25)] })).to.have.members(['o1', 'o2', 'o3']);
      expect(await ids({ where: [total('lt', 25)] })).to.have.members(['o1']);
      expect(await ids({ where: [total('gt', 10), total('lt', 55)] })).to.have.members(['o2', 'o3', 'o4']);
    });

    it('finds the documents in a range of ISO dates', async function () {
      const placed = (op: 'gt' | 'gte' | 'lt' | 'lte', value: string) => ({ field: 'placedAt', op, value }) as const;
      expect(await ids({ where: [placed('gte', '2024-02-10T10:00:00.000Z'), placed('lt', '2024-04-20T10:00:00.000Z')] })).to.have.members(['o2', 'o3']);
      expect(await ids({ where: [placed('gt', '2024-02-10T10:00:00.000Z'), placed('lte', '2024-04-20T10:00:00.000Z')] })).to.have.members(['o3', 'o4']);
      expect(await ids({ where: [placed('gte', '2024-05-01T00:00:00.000Z')] })).to.have.members(['o5']);
    });

    it('finds the documents whose array field holds any of the values', async function () {
      expect(await ids({ where: [{ field: 'tags', op: 'containsAny', values: ['gift', 'bulk'] }] })).to.have.members(['o1', 'o4', 'o5']);
      expect(await ids({ where: [{ field: 'tags', op: 'containsAny', values: ['rush'] }] })).to.have.members(['o1', 'o2']);
      expect(await ids({ where: [{ field: 'tags', op: 'containsAny', values: ['none'] }] })).to.deep.equal([]);
    });

    it('requires every condition to hold', async function () {
      const where = [
        { field: 'status', op: 'eq', value: 'open' },
        { field: 'total', op: 'gte', value: 25 },
        { field: 'tags', op: 'containsAny', values: ['rush', 'bulk'] },
      ] as const;
      expect(await ids({ where })).to.have.members(['o2', 'o5']);
    });

    it('finds the documents whose field equals a boolean', async function () {
      expect(await ids({ where: [{ field: 'paid', op: 'eq', value: true }] })).to.have.members(['o1', 'o3', 'o5']);
      expect(await ids({ where: [{ field: 'paid', op: 'eq', value: false }] })).to.have.members(['o2', 'o4']);
    });

    it('matches only values of the same JSON type: true is not 1, false is not 0, "10" is not 10', async function () {
      await write([
        { id: 'x-true', flag: true, amount: 10 },
        { id: 'x-one', flag: 1, amount: '10' },
        { id: 'x-false', flag: false },
        { id: 'x-zero', flag: 0 },
      ]);
      expect(await ids({ where: [{ field: 'flag', op: 'eq', value: true }] })).to.deep.equal(['x-true']);
      expect(await ids({ where: [{ field: 'flag', op: 'eq', value: 1 }] })).to.deep.equal(['x-one']);
      expect(await ids({ where: [{ field: 'flag', op: 'eq', value: false }] })).to.deep.equal(['x-false']);
      expect(await ids({ where: [{ field: 'flag', op: 'eq', value: 0 }] })).to.deep.equal(['x-zero']);
      expect(await ids({ where: [{ field: 'amount', op: 'eq', value: 10 }] })).to.deep.equal(['x-true']);
      expect(await ids({ where: [{ field: 'amount', op: 'eq', value: '10' }] })).to.deep.equal(['x-one']);
    });

    it('sorts ascending or descending on one field', async function () {
      expect(await ids({ orderBy: [{ field: 'placedAt', direction: 'asc' }] })).to.deep.equal(['o1', 'o2', 'o3', 'o4', 'o5']);
      expect(await ids({ orderBy: [{ field: 'placedAt', direction: 'desc' }] })).to.deep.equal(['o5', 'o4', 'o3', 'o2', 'o1']);
      expect(await ids({ orderBy: [{ field: 'status', direction: 'desc' }], where: [{ field: 'total', op: 'gte', value: 40 }] })).to.deep.equal(['o5', 'o4']);
    });

    it('sorts on a second field where the first ties', async function () {
      const byStatusThenTotalDown = await ids({ orderBy: [{ field: 'status', direction: 'asc' }, { field: 'total', direction: 'desc' }] });
      expect(byStatusThenTotalDown).to.deep.equal(['o4', 'o3', 'o5', 'o2', 'o1']);
      const byTotalThenNewest = await ids({ orderBy: [{ field: 'total', direction: 'asc' }, { field: 'placedAt', direction: 'desc' }] });
      expect(byTotalThenNewest).to.deep.equal(['o1', 'o3', 'o2', 'o4', 'o5']);
    });

    it('pages with limit and offset and counts every match in total', async function () {
      const page = (offset: number, where: DocumentQuery['where'] = []) =>
        find({ orderBy: [{ field: 'placedAt', direction: 'asc' }], limit: 2, offset, where });
      const pages = await Promise.all([0, 2, 4, 6].map((offset) => page(offset)));
      expect(pages.map((p) => p.documents.map((document) => document.id))).to.deep.equal([['o1', 'o2'], ['o3', 'o4'], ['o5'], []]);
      expect(pages.map((p) => p.total)).to.deep.equal([5, 5, 5, 5]);
      const open = await page(1, [{ field: 'status', op: 'eq', value: 'open' }]);
      expect(open.documents.map((document) => document.id)).to.deep.equal(['o2', 'o5']);
      expect(open.total).to.equal(3);
    });

    it('refuses a field name that is not an identifier instead of running it', async function () {
      // Valid SQL once spliced into json_extract(body, '$.<field>'): it would match every document.
      const injected = "total') IS NOT NULL OR json_extract(body, '$.total";
      const queries: DocumentQuery[] = [
        { where: [{ field: injected, op: 'eq', value: 1 }], limit: 10 },
        { where: [{ field: injected, op: 'gt', value: 1 }], limit: 10 },
        { where: [{ field: injected, op: 'containsAny', values: [1] }], limit: 10 },
        { orderBy: [{ field: injected, direction: 'asc' }], limit: 10 },
        { where: [{ field: 'customer.name', op: 'eq', value: 'ann' }], limit: 10 },
        { where: [{ field: '$where', op: 'eq', value: 'true' }], limit: 10 },
      ];
      for (const query of queries) {
        const error = await rejectionOf(adapters.documents.find(generation, 'orders', query));
        expect(error, JSON.stringify(query)).to.be.instanceOf(Error);
      }
      expect((await find({})).total).to.equal(5);
    });
  });
}

