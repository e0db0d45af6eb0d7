import { expect } from 'chai';
import { ApiUnderTest } from './api-under-test.js';

describe('bad input: a precise problem, and nothing written', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', { HTTP_BODY_LIMIT_BYTES: '2048' });
  });
  after(async function () {
    await api.close();
  });

  const head = async () => (await api.platform.eventStore.headPosition())?.commit;
  const expectProblem = (response: { status: number; body: Record<string, unknown>; headers: Headers }, status: number) => {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    expect(response.body).to.include({ status });
    expect(response.body.detail).to.be.a('string').and.not.empty;
  };

  it('names the field of a body that does not fit its schema (400)', async function () {
    const before = await head();
    const wrongType = await api.post('/api/customers', { name: 42, email: 'a@b.co' });
    expectProblem(wrongType, 400);
    expect(wrongType.body).to.include({ field: 'name' });
    const nested = await api.post('/api/orders', { customerId: 'c', items: [{ productId: 'p', quantity: 0.5, unitPrice: 1 }] });
    expectProblem(nested, 400);
    expect(nested.body).to.include({ field: 'items[0].quantity' });
    const operator = await api.post('/api/orders', { customerId: { $ne: null }, items: [] });
    expect(operator.body).to.include({ field: 'customerId' });
    const extra = await api.post('/api/customers', { name: 'Ana', email: 'a@b.co', admin: true });
    expect(extra.body).to.include({ field: 'admin' });
    const notJson = await fetch(`${api.url}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(notJson.status).to.equal(400);
    expect(await head()).to.equal(before);
  });

  it('refuses query parameters that are objects, repeated, unknown or out of range (400)', async function () {
    for (const query of ['category[$ne]=x', 'category=a&category=b', 'colour=red', 'minPrice=-1', 'pageSize=1000', 'page=1.5']) {
      expectProblem(await api.get(`/api/products?${query}`), 400);
    }
    expectProblem(await api.get('/api/products/search'), 400);
    // A number as JSON (and Python, and most query encoders) may write it, exponent and all, fits.
    expect((await api.get('/api/products?minPrice=1e-05&maxPrice=2E3&page=1e0')).status).to.equal(200);
  });

  it('answers 415 for a body not sent as JSON, and says so when the body or a parameter name is what is wrong', async function () {
    const before = await head();
    const plain = await fetch(`${api.url}/api/customers`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"name":"Ana","email":"a@b.co"}' });
    expectProblem({ status: plain.status, body: (await plain.json()) as Record<string, unknown>, headers: plain.headers }, 415);
    const list = await api.post('/api/customers', [{ name: 'Ana', email: 'a@b.co' }]);
    expectProblem(list, 400);
    expect(list.body.detail).to.equal('the body must be a JSON object');
    const nameless = await api.get('/api/products?=cheap');
    expectProblem(nameless, 400);
    expect(nameless.body.detail).to.match(/^a query parameter without a name must be absent/);
    expect(await head()).to.equal(before);
  });

  it('answers 422 with the rule when the domain refuses the command', async function () {
    const before = await head();
    const { authorId } = (await api.post('/api/authors', { name: 'Ada' })).body as { authorId: string };
    const short = await api.post('/api/articles', { authorId, title: 'Too short', content: 'x'.repeat(120) });
    expectProblem(short, 422);
    expect(short.body).to.include({ rule: 'article.title-min-length' });
    const { articleId } = (await api.post('/api/articles', { authorId, title: 'Long enough title', content: 'x'.repeat(120) })).body as { articleId: string };
    expect((await api.post(`/api/articles/${articleId}/likes`, { userId: 'u1' })).status).to.equal(202);
    const again = await api.post(`/api/articles/${articleId}/likes`, { userId: 'u1' });
    expectProblem(again, 422);
    expect(again.body).to.include({ rule: 'article.like-once-per-user' });
    expect(Number(await head()) - Number(before ?? 0n)).to.equal(3);
  });

  it('answers 404 for a like on an article that does not exist, and for an unknown route', async function () {
    expectProblem(await api.post('/api/articles/nope/likes', { userId: 'u1' }), 404);
    expectProblem(await api.get('/api/nothing-here'), 404);
  });

  it('answers 413 for a body over the configured limit', async function () {
    const before = await head();
    expectProblem(await api.post('/api/customers', { name: 'x'.repeat(4_000), email: 'a@b.co' }), 413);
    expect(await head()).to.equal(before);
  });
});
