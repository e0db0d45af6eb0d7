import { expect } from 'chai';
import WebSocket from 'ws';
import { Receiver } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';
import { messagesOf } from './websocket-messages.js';

/** The reproductions of the hardening issue: each once crashed the server, answered 5xx, or let a bad body through. */
describe('hostile input: a problem for the client, never a crash or a 500', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', { ADMIN_TOKEN: 's3cret' });
  });
  after(async function () {
    await api.close();
  });

  const head = async () => (await api.platform.eventStore.headPosition())?.commit ?? 0n;
  const send = async (method: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api.url}${path}`, { method, ...init });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
  };
  const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({ body, headers: { 'content-type': 'application/json', ...headers } });

  it('survives a WebSocket frame of JSON null, and of every other non-object, with an error reply', async function () {
    const socket = new WebSocket(api.wsUrl);
    const messages = new Receiver<Record<string, unknown>>(messagesOf(socket));
    await new Promise((resolve) => socket.once('open', resolve));
    for (const frame of ['null', '[]', '1', '"subscribe"', 'true', '{"type":"subscribe","documents":[null]}', '{"type":"subscribe","documents":[[]]}', '{"type":"subscribe","extra":1}']) {
      socket.send(frame);
      const [reply] = await messages.take(1);
      expect(reply, frame).to.include({ type: 'Error' });
    }
    socket.send(Buffer.from([0xde, 0xad]), { binary: true });
    expect((await messages.take(1))[0]).to.include({ type: 'Error' });
    socket.send(JSON.stringify({ type: 'subscribe', projections: ['OrderView'] }));
    expect((await messages.take(1))[0]).to.include({ type: 'Subscribed' });
    socket.terminate();
    expect((await send('GET', '/health')).status).to.equal(200);
  });

  it('answers a path parameter that is not valid percent-encoding with 400', async function () {
    const before = await head();
    for (const [method, path] of [
      ['GET', '/api/products/%ZZ'],
      ['GET', '/api/orders/%C0%AF'],
      ['POST', '/api/articles/%ff/likes'],
      ['POST', '/api/projections/%ff/rebuild'],
    ] as const) {
      const response = await send(method, path, method === 'POST' ? json('{"userId":"u1"}', { authorization: 'Bearer s3cret' }) : {});
      expect(response.status, path).to.equal(400);
      expect(response.type).to.contain('application/problem+json');
      expect(response.body.detail).to.contain('percent-encoded');
    }
    expect(await head()).to.equal(before);
  });

  it('keeps the 4xx status of the body parser’s own errors', async function () {
    const before = await head();
    const body = '{"name":"Ana","email":"ana@example.com"}';
    const latin1 = await send('POST', '/api/customers', json(body, { 'content-type': 'application/json; charset=latin1' }));
    expect(latin1).to.deep.include({ status: 415 });
    expect(latin1.body.detail).to.contain('UTF-8');
    const notGzip = await send('POST', '/api/customers', json(body, { 'content-encoding': 'gzip' }));
    expect(notGzip).to.deep.include({ status: 400 });
    expect(notGzip.body.detail).to.contain('content-encoding');
    const zstd = await send('POST', '/api/customers', json(body, { 'content-encoding': 'zstd' }));
    expect(zstd).to.deep.include({ status: 415 });
    for (const response of [latin1, notGzip, zstd]) expect(response.type).to.contain('application/problem+json');
    expect(await head()).to.equal(before);
  });

  it('refuses inherited property names as unknown fields, in bodies and in query strings', async function () {
    const before = await head();
    for (const field of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const response = await send('POST', '/api/customers', json(`{"name":"Ana","email":"ana@example.com","${field}":{"polluted":true}}`));
      expect(response.status, field).to.equal(400);
      expect(response.body).to.include({ field });
      expect((await send('GET', `/api/products?${field}=1`)).status, field).to.equal(400);
    }
    expect(await head()).to.equal(before);
  });

  it('accepts the Bearer scheme in any case, and refuses a wrong token', async function () {
    const status = async (authorization: string) => (await send('GET', '/api/projections/OrderView/parked', { headers: { authorization } })).status;
    expect(await status('bearer s3cret')).to.equal(200);
    expect(await status('BEARER s3cret')).to.equal(200);
    expect(await status('Bearer wrong!')).to.equal(403);
    expect(await status('Basic s3cret')).to.equal(401);
  });
});

describe('operations with no admin token configured', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process');
  });
  after(async function () {
    await api.close();
  });

  it('answers 403 to a request without a token and to one with a token alike, and still shows status', async function () {
    for (const headers of [{}, { authorization: 'Bearer anything' }] as Record<string, string>[]) {
      const response = await fetch(`${api.url}/api/projections/OrderView/rebuild`, { method: 'POST', headers });
      expect(response.status).to.equal(403);
      expect(((await response.json()) as { detail: string }).detail).to.contain('ADMIN_TOKEN');
    }
    expect((await api.get('/api/projections')).status).to.equal(200);
  });
});
