import { expect } from 'chai';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { InvalidQueryError } from '../../src/core/ports/read-model-errors.js';
import type { SearchQueries, SearchQuery } from '../../src/core/ports/search-queries.js';
import { position, type Position } from '../../src/core/position.js';
import { rejectionOf } from '../support/async.js';
import { commitEntries, positions, uniqueProjection } from '../support/read-model-batches.js';
import type { ReadModelAdapters, ReadModelFixture } from './read-model-store.contract.js';

/** Full-text search: typo tolerance, boosts, filters, paging, and no query syntax from users. */
export function searchQueriesContract(engine: string, fixture: ReadModelFixture): void {
  describe(`${engine}: SearchQueries`, function () {
    let adapters: ReadModelAdapters;
    let generation: Generation;
    let clock: () => Position;
    const write = async (bodies: readonly JsonObject[]) =>
      commitEntries(adapters.store, generation, bodies.map((body) => ({ id: String(body.id), body, position: clock() })));
    const remove = async (id: string) => commitEntries(adapters.store, generation, [{ id, body: null, position: clock() }]);
    const search = async (text: string, options: Partial<SearchQuery> = {}) =>
      adapters.search.search(generation, { text, from: 0, size: 20, tieBreaker: 'createdAt', ...options });
    /** The ids found, in rank order. */
    const ids = async (text: string, options: Partial<SearchQuery> = {}) => (await search(text, options)).hits.map((hit) => hit.id);
    const catalogue = [
      product('keyboard', 'Mechanical keyboard', 'Clicky switches for typing all day', { category: 'peripherals', price: 120 }),
      product('laptop', 'Gaming laptop', 'Fast machine with a bright screen', { category: 'computers', price: 1500 }),
      product('lamp', 'Desk lamp', 'Warm light for late evenings', { category: 'lighting', price: 45 }),
      product('mug', 'Café au lait mug', 'Ceramic, dishwasher safe', { category: 'kitchen', price: 12 }),
      product('stand', 'TV stand', 'Oak stand for a tv', { category: 'furniture', price: 200 }),
      product('mouse', 'Wireless mouse', 'Ergonomic and quiet', { category: 'peripherals', price: 40 }),
    ];

    beforeEach(async function () {
      adapters = await fixture.open();
      clock = positions();
      generation = {
        projection: uniqueProjection({
          kind: 'search',
          collection: 'products',
          fields: {
            name: { type: 'text', boost: 2 },
            description: { type: 'text', boost: 1 },
            category: { type: 'keyword', filterable: true },
            price: { type: 'number', filterable: true },
            createdAt: { type: 'date', sortable: true },
          },
        }),
        generation: 1,
      };
      await adapters.store.prepare(generation);
    });

    afterEach(async function () {
      await adapters.close();
    });

    it('finds a word despite one typo in it', async function () {
      await write(catalogue);
      expect(await ids('keybaord')).to.deep.equal(['keyboard']);
      expect(await ids('laptpo')).to.deep.equal(['laptop']);
      expect(await ids('mousr')).to.deep.equal(['mouse']);
      expect(await ids('lanp')).to.deep.equal(['lamp']);
    });

    it('finds a word of more than five letters despite two typos, but not three', async function () {
      await write(catalogue);
      expect(await ids('kiybaard')).to.deep.equal(['keyboard']);
      expect(await ids('lxptpo')).to.deep.equal(['laptop']);
      expect(await search('kiybaarx')).to.deep.equal({ hits: [], total: 0 });
    });

    it('allows only one typo in a word of three to five letters', async function () {
      await write(catalogue);
      expect(await search('moisr')).to.deep.equal({ hits: [], total: 0 });
      expect(await search('lxnp')).to.deep.equal({ hits: [], total: 0 });
    });

    it('matches a word of one or two letters exactly', async function () {
      await write(catalogue);
      expect(await ids('tv')).to.deep.equal(['stand']);
      expect(await search('tx')).to.deep.equal({ hits: [], total: 0 });
      expect(await search('v')).to.deep.equal({ hits: [], total: 0 });
    });

    it('ranks a match in the name above a match only in the description', async function () {
      await write([
        product('in-description', 'Solid and quiet', 'Walnut keyboard', { createdAt: '2024-06-01T00:00:00.000Z' }),
        product('in-name', 'Walnut keyboard', 'Solid and quiet', { createdAt: '2023-06-01T00:00:00.000Z' }),
      ]);
      expect(await ids('keyboard')).to.deep.equal(['in-name', 'in-description']);
    });

    it('filters by an exact category', async function () {
      await write(desks);
      expect(await ids('desk', { equals: { category: 'furniture' } })).to.have.members(['oak', 'pine', 'standing']);
      expect(await search('desk', { equals: { category: 'Furniture' } })).to.deep.equal({ hits: [], total: 0 });
      expect((await search('desk', { equals: { category: 'lighting' } })).total).to.equal(1);
    });

    it('filters by a price range with a minimum, a maximum or both, bounds included', async function () {
      await write(desks);
      expect(await ids('desk', { ranges: { price: { min: 150 } } })).to.have.members(['oak', 'pine', 'standing']);
      expect(await ids('desk', { ranges: { price: { max: 45 } } })).to.have.members(['mat', 'lamp']);
      expect(await ids('desk', { ranges: { price: { min: 45, max: 300 } } })).to.have.members(['oak', 'pine', 'lamp']);
      expect(await ids('desk', { equals: { category: 'furniture' }, ranges: { price: { max: 300 } } })).to.have.members(['oak', 'pine']);
    });

    it('pages with from and size and counts every match in total', async function () {
      const days = [7, 2, 11, 5, 9, 1, 12, 4, 8, 3, 10, 6];
      await write([
        ...days.map((day) => product(`chair-${day}`, 'Oak chair', 'Sturdy seat', { createdAt: `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z` })),
        product('table', 'Oak table', 'Sturdy top'),
      ]);
      const pages = await Promise.all([0, 5, 10, 15].map((from) => search('chair', { from, size: 5 })));
      const newestFirst = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((day) => `chair-${day}`);
      expect(pages.map((page) => page.hits.map((hit) => hit.id))).to.deep.equal([newestFirst.slice(0, 5), newestFirst.slice(5, 10), newestFirst.slice(10), []]);
      expect(pages.map((page) => page.total)).to.deep.equal([12, 12, 12, 12]);
    });

    it('breaks ties in score by createdAt, newest first', async function () {
      await write([
        product('a', 'Pine shelf', 'Holds books', { createdAt: '2020-03-01T00:00:00.000Z' }),
        product('b', 'Pine shelf', 'Holds books', { createdAt: '2024-03-01T00:00:00.000Z' }),
        product('c', 'Pine shelf', 'Holds books', { createdAt: '2022-03-01T00:00:00.000Z' }),
      ]);
      expect(await ids('shelf')).to.deep.equal(['b', 'c', 'a']);
    });

    it('finds nothing for a query of only punctuation', async function () {
      await write(catalogue);
      for (const text of ['', '   ', '?!', '*', '-- ... ;', '"()"']) {
        expect(await search(text), JSON.stringify(text)).to.deep.equal({ hits: [], total: 0 });
      }
    });

    it('treats query syntax as plain words and never fails on it', async function () {
      await write(catalogue);
      for (const text of ['name:foo OR "bar', '*', 'NEAR(a b)', '-x', 'a AND NOT b', '(', ')', '"', '^2', 'foo~', '{x TO y]', 'col:', '\\', "'"]) {
        await search(text);
      }
      for (const text of ['-keyboard', 'NOT keyboard', 'name:keyboard', '"keyboard', 'keyboard*', 'keyboard^', '(keyboard']) {
        expect(await ids(text), text).to.include('keyboard');
      }
      expect(await ids('NEAR(keyboard laptop)')).to.have.members(['keyboard', 'laptop']);
      // Every word counts on its own ("and" also finds the mouse, "Ergonomic and quiet"): AND is no operator.
      expect(await ids('keyboard AND laptop')).to.include.members(['keyboard', 'laptop', 'mouse']);
    });

    it('refuses a page beyond the first 10,000 hits with InvalidQueryError', async function () {
      await write(catalogue);
      expect(await rejectionOf(search('keyboard', { from: 9_995, size: 10 }))).to.be.instanceOf(InvalidQueryError);
      expect(await rejectionOf(search('keyboard', { from: 10_000, size: 1 }))).to.be.instanceOf(InvalidQueryError);
      expect(await search('keyboard', { from: 9_990, size: 10 })).to.deep.equal({ hits: [], total: 1 });
    });

    it('refuses text of more than 10 different words or 200 characters with InvalidQueryError, rather than searching part of it', async function () {
      await write(catalogue);
      expect(await rejectionOf(search('qa qb qc qd qe qf qg qh qi qj keyboard'))).to.be.instanceOf(InvalidQueryError);
      expect(await rejectionOf(search(`keyboard ${'k'.repeat(192)}`))).to.be.instanceOf(InvalidQueryError);
    });

    it('searches 10 different words however often each is written, and 200 characters', async function () {
      await write(catalogue);
      expect(await ids('qa qb qc qd qe qf qg qh qi keyboard')).to.deep.equal(['keyboard']);
      expect(await ids('Keyboard keyboard KEYBOARD laptop keybaord qa qb qc qd qe qf qg')).to.have.members(['keyboard', 'laptop']);
      expect(await ids(`keyboard ${'-'.repeat(191)}`)).to.deep.equal(['keyboard']);
    });

    it('does not find a deleted document', async function () {
      await write([product('old', 'Old keyboard', 'Worn keys'), product('new', 'New keyboard', 'Fresh keys')]);
      await remove('old');
      expect(await search('keyboard')).to.deep.equal({ hits: [catalogueBody('new', 'New keyboard', 'Fresh keys')], total: 1 });
      expect(await ids('keybaord')).to.deep.equal(['new']);
    });

    it('ignores diacritics and case', async function () {
      await write([...catalogue, product('brulee', 'Crème brûlée set', 'Four ramekins')]);
      expect(await ids('cafe')).to.deep.equal(['mug']);
      expect(await ids('CAFÉ')).to.deep.equal(['mug']);
      expect(await ids('creme brulee')).to.deep.equal(['brulee']);
      expect(await ids('brûlée')).to.deep.equal(['brulee']);
    });

    it('tolerates typos in words written after the generation was truncated', async function () {
      await write([product('keyboard', 'Mechanical keyboard', 'Clicky switches')]);
      expect(await ids('keybaord')).to.deep.equal(['keyboard']);
      await adapters.store.truncate(generation);
      await write([product('monitor', 'Curved monitor', 'Wide screen')]);
      expect(await ids('monitro')).to.deep.equal(['monitor']);
      expect(await search('keyboard')).to.deep.equal({ hits: [], total: 0 });
    });
  });
}


const desks = [
  product('oak', 'Oak desk', 'Solid wood', { category: 'furniture', price: 300 }),
  product('pine', 'Pine desk', 'Light wood', { category: 'furniture', price: 150 }),
  product('mat', 'Desk mat', 'Felt', { category: 'accessories', price: 25 }),
  product('lamp', 'Desk lamp', 'Warm light', { category: 'lighting', price: 45 }),
  product('standing', 'Standing desk', 'Electric', { category: 'furniture', price: 600 }),
];

function product(id: string, name: string, description: string, extra: { category?: string; price?: number; createdAt?: string } = {}): JsonObject {
  return { ...catalogueBody(id, name, description), ...extra };
}

function catalogueBody(id: string, name: string, description: string): JsonObject {
  return { id, name, description, category: 'misc', price: 10, createdAt: '2024-01-01T00:00:00.000Z' };
}

