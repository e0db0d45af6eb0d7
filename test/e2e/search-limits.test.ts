import { expect } from 'chai';
import { ApiUnderTest, type Topology } from './api-under-test.js';

for (const topology of ['one process', 'serve + worker processes'] as Topology[]) {
  describe(`search over HTTP (${topology}): at most 10 different words, and terms as they arrive`, function () {
    this.timeout(60_000);
    let api: ApiUnderTest;
    before(async function () {
      api = await ApiUnderTest.start(topology);
    });
    after(async function () {
      await api.close();
    });

    const create = async (name: string, description: string) => {
      const response = await api.post('/api/products', { name, description, price: 10, category: 'misc' });
      expect(response.status, JSON.stringify(response.body)).to.equal(202);
      return response.body as { productId: string; token: string };
    };
    const search = (q: string, token?: string) =>
      api.get(`/api/products/search?q=${encodeURIComponent(q)}${token ? `&consistentWith=${token}&wait=true` : ''}`);

    it('answers 400 for a search of 11 different words, and searches 10', async function () {
      const { productId, token } = await create('Walnut keyboard', 'Quiet keys');
      const ten = await search('qa qb qc qd qe qf qg qh qi keybaord', token);
      expect(ten.status, JSON.stringify(ten.body)).to.equal(200);
      expect((ten.body.hits as { productId: string }[]).map((hit) => hit.productId)).to.deep.equal([productId]);
      const eleven = await search('qa qb qc qd qe qf qg qh qi qj keybaord');
      expect(eleven.status).to.equal(400);
      expect(eleven.headers.get('content-type')).to.contain('application/problem+json');
      expect(eleven.body.detail).to.equal('the search text has 11 different words; at most 10 are allowed');
      expect((await search('word '.repeat(41))).status, 'over 200 characters').to.equal(400);
    });

    it('finds with a typo a word that first appears after the vocabulary was read', async function () {
      const first = await create('Copper kettle', 'Whistles');
      expect((await search('kettel', first.token)).body.total).to.equal(1);
      const second = await create('Ceramic teapot', 'Holds a litre');
      const found = await search('teapto', second.token);
      expect((found.body.hits as { productId: string }[]).map((hit) => hit.productId)).to.deep.equal([second.productId]);
    });
  });
}
