import { expect } from 'chai';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { PLATFORM_CONFIGURATIONS, POSTGRES_EVENTS_CONFIGURATION, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION, type PlatformConfiguration } from '../engines/platform-configurations.js';
import { ApiUnderTest } from './api-under-test.js';

describeEachEngine('read endpoints', [...PLATFORM_CONFIGURATIONS, POSTGRES_EVENTS_CONFIGURATION, POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION], (engine: string, configuration: PlatformConfiguration) => {
describe(`${engine}: read endpoints: articles, authors, products, search`, function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', configuration());
  });
  after(async function () {
    await api.close();
  });

  const write = async (path: string, body: unknown) => {
    const response = await api.post(path, body);
    expect(response.status, JSON.stringify(response.body)).to.equal(202);
    return response.body as Record<string, string>;
  };

  it('serves the blog’s three read models, waiting for the like that was just made', async function () {
    const { authorId } = await write('/api/authors', { name: 'Ada', avatarUrl: 'https://example.com/ada.png' });
    const { articleId } = await write('/api/articles', { authorId, title: 'On engines', content: 'c'.repeat(300), tags: ['Tech', 'db'] });
    const { token } = await write(`/api/articles/${articleId}/likes`, { userId: 'u1' });
    const list = await api.get(`/api/articles?tags=db,none&limit=5&offset=0&consistentWith=${token}&wait=true`);
    expect(list.status).to.equal(200);
    expect(list.body.total).to.equal(1);
    expect((list.body.documents as Record<string, unknown>[])[0]).to.include({ articleId, likeCount: 1, excerpt: 'c'.repeat(200) });
    const detail = await api.get(`/api/articles/${articleId}?consistentWith=${token}&wait=true`);
    expect(detail.body).to.include({ content: 'c'.repeat(300), likeCount: 1 });
    const stats = await api.get(`/api/authors/${authorId}/stats?consistentWith=${token}&wait=true`);
    expect(stats.body).to.include({ totalArticles: 1, totalLikes: 1, averageLikesPerArticle: 1 });
  });

  it('serves products by category and price range, and one product', async function () {
    const cheap = await write('/api/products', { name: 'Desk mat', description: 'Felt', price: 25, category: 'Office', stock: 3 });
    const dear = await write('/api/products', { name: 'Oak desk', description: 'Solid wood', price: 300, category: 'office', stock: 0 });
    await write('/api/products', { name: 'Lamp', description: 'Warm', price: 45, category: 'lighting' });
    const { token } = await write(`/api/products/${dear.productId}/stock`, { stock: 2 });
    const page = await api.get(`/api/products?category=office&minPrice=20&maxPrice=400&page=1&pageSize=10&consistentWith=${token}&wait=true`);
    expect((page.body.documents as { productId: string }[]).map((p) => p.productId)).to.deep.equal([cheap.productId, dear.productId]);
    const product = await api.get(`/api/products/${dear.productId}?consistentWith=${token}&wait=true`);
    expect(product.body).to.include({ stock: 2, stockStatus: 'IN_STOCK', category: 'office' });
    expect(product.body).to.not.have.property('ratingTotal');
  });

  it('searches products with one typo, name above description, filters and paging', async function () {
    const keyboard = await write('/api/products', { name: 'Mechanical keyboard', description: 'Brown switches', price: 89, category: 'input' });
    const cover = await write('/api/products', { name: 'Silicone cover', description: 'Fits any keyboard', price: 9, category: 'input' });
    const { token } = await write('/api/products', { name: 'Keyboard tray', description: 'Under the desk', price: 40, category: 'furniture' });
    const search = await api.get(`/api/products/search?q=keybaord&consistentWith=${token}&wait=true`);
    expect(search.status).to.equal(200);
    expect(search.body.total).to.equal(3);
    const hits = search.body.hits as { productId: string }[];
    expect(hits.at(-1)!.productId).to.equal(cover.productId);
    const filtered = await api.get('/api/products/search?q=keyboard&category=input&maxPrice=50');
    expect((filtered.body.hits as { productId: string }[]).map((h) => h.productId)).to.deep.equal([cover.productId]);
    const paged = await api.get('/api/products/search?q=keyboard&page=2&pageSize=2');
    expect(paged.body.total).to.equal(3);
    expect((paged.body.hits as unknown[]).length).to.equal(1);
    expect(keyboard.productId).to.be.a('string');
  });
});
});
