import { expect } from 'chai';
import { eventually } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';

/** Many clients at once on one stream: none may see a 409 for touching what another touched. */
describe('concurrent commands on one entity', function () {
  this.timeout(60_000);
  let api: ApiUnderTest;
  let second: { url: string; close: () => Promise<void> };
  let articleId: string;
  let productId: string;

  before(async function () {
    api = await ApiUnderTest.start('one process');
    second = await api.startSecondApi();
    const { authorId } = (await api.post('/api/authors', { name: 'Ada' })).body as { authorId: string };
    ({ articleId } = (await api.post('/api/articles', { authorId, title: 'A popular article', content: 'x'.repeat(120) })).body as { articleId: string });
    ({ productId } = (await api.post('/api/products', { name: 'Lamp', price: 10, category: 'home', stock: 1 })).body as { productId: string });
  });
  after(async function () {
    await api.close();
  });

  const post = async (base: string, path: string, body: unknown) =>
    (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
  const likeCount = async () => ((await api.get(`/api/articles/${articleId}`)).body.likeCount as number | undefined) ?? -1;
  const eventsOf = async (type: string) =>
    (await api.platform.eventStore.readAll({ maxCount: 10_000, filter: { prefixes: [type] } })).filter((event) => JSON.stringify(event.data).includes(productId) || JSON.stringify(event.data).includes(articleId));

  it('accepts 50 likes by distinct users at the same moment, and counts each once', async function () {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(api.url, `/api/articles/${articleId}/likes`, { userId: `user-${i}` })));
    expect(statuses.filter((status) => status !== 202)).to.deep.equal([]);
    await eventually(async () => expect(await likeCount()).to.equal(50), 10_000);
  });

  it('accepts 50 likes by distinct users split over two API processes', async function () {
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 === 0 ? api.url : second.url, `/api/articles/${articleId}/likes`, { userId: `other-${i}` })),
    );
    expect(statuses.filter((status) => status !== 202)).to.deep.equal([]);
    await eventually(async () => expect(await likeCount()).to.equal(100), 10_000);
  });

  it('keeps the once-per-user rule exact under concurrency: one 202, the rest 422', async function () {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 === 0 ? api.url : second.url, `/api/articles/${articleId}/likes`, { userId: 'eager' })));
    expect(statuses.filter((status) => status === 202)).to.have.length(1);
    expect(statuses.filter((status) => status === 422)).to.have.length(29);
    await eventually(async () => expect(await likeCount()).to.equal(101), 10_000);
  });

  it('accepts 50 stock updates at once over two API processes, each recorded once', async function () {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 === 0 ? api.url : second.url, `/api/products/${productId}/stock`, { stock: i + 100 })));
    expect(statuses.filter((status) => status !== 202)).to.deep.equal([]);
    const updates = await eventsOf('StockUpdated');
    expect(updates).to.have.length(50);
    const previous = updates.map((event) => (event.data as { previousStock: number }).previousStock);
    const stocks = updates.map((event) => (event.data as { stock: number }).stock);
    // Each update saw the one before it: the chain of previous stocks has no gap and no repeat.
    expect(previous.slice(1)).to.deep.equal(stocks.slice(0, -1));
  });

  it('accepts 50 reviews by distinct users at once, and refuses a second review by one of them', async function () {
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 === 0 ? api.url : second.url, `/api/products/${productId}/reviews`, { userId: `reviewer-${i}`, rating: 1 + (i % 5) })));
    expect(statuses.filter((status) => status !== 202)).to.deep.equal([]);
    expect(await post(api.url, `/api/products/${productId}/reviews`, { userId: 'reviewer-7', rating: 5 })).to.equal(422);
    expect(await eventsOf('ProductReviewed')).to.have.length(50);
  });
});
