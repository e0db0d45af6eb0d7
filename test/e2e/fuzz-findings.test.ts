import { expect } from 'chai';
import { connect } from 'node:net';
import { ApiUnderTest } from './api-under-test.js';

/** Sends raw bytes on a new connection and returns everything the server wrote before it closed. */
async function raw(api: ApiUnderTest, request: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(api.url);
  const socket = connect(Number(port), '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  socket.end(request);
  await new Promise((resolve) => socket.once('close', resolve));
  const text = Buffer.concat(chunks).toString('utf8');
  const [head = '', body = ''] = text.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body };
}

/** Regressions for what `npm run fuzz` found: each once answered a 500, or a 4xx that was not a problem. */
describe('what the fuzzer found', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process');
  });
  after(async function () {
    await api.close();
  });

  const head = async () => (await api.platform.eventStore.headPosition())?.commit ?? 0n;

  it('refuses a text field holding a lone surrogate with a 400 naming it, and writes nothing', async function () {
    const { productId } = (await api.post('/api/products', { name: 'Lamp', price: 1, category: 'lighting' })).body as { productId: string };
    const { authorId } = (await api.post('/api/authors', { name: 'Ada' })).body as { authorId: string };
    const { articleId } = (await api.post('/api/articles', { authorId, title: 'Long enough title', content: 'x'.repeat(120) })).body as { articleId: string };
    const before = await head();
    // The likes and reviews of one user go to a stream named after the user, through encodeURIComponent, which throws on a lone surrogate.
    for (const [path, body] of [
      [`/api/articles/${articleId}/likes`, '{"userId":"\\ud800"}'],
      [`/api/products/${productId}/reviews`, '{"userId":"a\\udfffb","rating":5}'],
      ['/api/customers', '{"name":"\\ud83d","email":"ana@example.com"}'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const problem = (await response.json()) as Record<string, unknown>;
      expect(response.status, `${path} ${JSON.stringify(problem)}`).to.equal(400);
      expect(response.headers.get('content-type')).to.contain('application/problem+json');
      expect(problem.detail).to.contain('lone surrogate');
    }
    expect(await head()).to.equal(before);
    const pair = await api.post(`/api/articles/${articleId}/likes`, { userId: 'user-😀' });
    expect(pair.status, 'a surrogate pair is a character like any other').to.equal(202);
  });

  it('answers a request that Node’s parser refuses with a problem, not a bare status line', async function () {
    const before = await head();
    const nonAscii = await raw(api, Buffer.concat([Buffer.from('GET /api/products/'), Buffer.from([0xe9, 0xff]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    const oversized = await raw(api, `GET /api/products HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    const badHeader = await raw(api, 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n');
    for (const [answer, status] of [
      [nonAscii, 400],
      [oversized, 431],
      [badHeader, 400],
    ] as const) {
      expect(answer.status).to.equal(status);
      expect(answer.headers).to.contain('content-type: application/problem+json');
      const problem = JSON.parse(answer.body) as Record<string, unknown>;
      expect(problem).to.include({ status });
      expect(problem.detail).to.be.a('string').and.not.empty;
    }
    expect(await head()).to.equal(before);
    expect((await fetch(`${api.url}/health`)).status).to.equal(200);
  });
});
