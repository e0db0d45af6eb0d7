import { expect } from 'chai';
import WebSocket from 'ws';
import { eventually, Receiver } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';
import { messagesOf } from './websocket-messages.js';

/** Opens a WebSocket; resolves with it once open, or with the HTTP status that refused the upgrade. */
async function upgrade(url: string, origin?: string): Promise<{ status: number; socket: WebSocket }> {
  const socket = new WebSocket(url, origin === undefined ? {} : { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, socket });
    });
    socket.once('error', reject);
  });
}

/** Opens `GET /api/stream` and returns as soon as the headers arrive; `close()` drops the connection. */
async function openStream(api: ApiUnderTest, token: string, headers: Record<string, string> = {}) {
  const client = new AbortController();
  const response = await fetch(`${api.url}/api/stream?consistentWith=${token}`, { headers, signal: client.signal });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    response,
    close: () => client.abort(),
  };
}

/** A stream opened as soon as the server admits one (a slot is freed when its client's connection closes). */
async function admitted(api: ApiUnderTest, token: string): Promise<Awaited<ReturnType<typeof openStream>>> {
  return eventually(async () => {
    const stream = await openStream(api, token);
    if (stream.status !== 200) await stream.response.body?.cancel();
    expect(stream.status, 'no stream slot was freed').to.equal(200);
    return stream;
  }, 3_000);
}

async function expectProblem(stream: { status: number; type: string; response: Response }, status: number): Promise<void> {
  expect(stream.status).to.equal(status);
  expect(stream.type).to.contain('application/problem+json');
  const problem = (await stream.response.json()) as Record<string, unknown>;
  expect(problem).to.include({ status });
  expect(problem.detail).to.be.a('string').and.not.empty;
}

/** The token of a write a projection must show (AuthorStatsView): a stream for it waits until that projection moves. */
const token = async (api: ApiUnderTest) => (await api.post('/api/authors', { name: 'Ada' })).body.token as string;

describe('WebSocket subscriptions: each kind capped per connection', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  const sockets: WebSocket[] = [];
  before(async function () {
    api = await ApiUnderTest.start('one process');
  });
  after(async function () {
    for (const socket of sockets) socket.terminate();
    await api.close();
  });

  const connect = async () => {
    const { socket } = await upgrade(api.wsUrl);
    sockets.push(socket);
    const messages = new Receiver<Record<string, unknown>>(messagesOf(socket));
    const ask = async (message: object) => {
      socket.send(JSON.stringify(message));
      return (await messages.take(1))[0]!;
    };
    return { socket, ask };
  };

  // The defaults: DEFAULT_SUBSCRIPTION_LIMITS. `entry` makes the i-th distinct entry of a kind.
  const kinds = [
    { kind: 'correlationIds', cap: 1_000, entry: (i: number): unknown => `correlation-${i}`, key: (i: number) => `correlation-${i}` },
    { kind: 'projections', cap: 100, entry: (i: number): unknown => `Projection${i}`, key: (i: number) => `Projection${i}` },
    { kind: 'documents', cap: 1_000, entry: (i: number): unknown => ({ projection: 'OrderView', id: `order-${i}` }), key: (i: number) => `OrderView/order-${i}` },
  ] as const;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  for (const { kind, cap, entry, key } of kinds) {
    it(`refuses a subscribe that would hold more than ${cap} ${kind}, and keeps only what it accepted`, async function () {
      const { socket, ask } = await connect();
      const first = await ask({ type: 'subscribe', [kind]: range(0, cap - 1).map(entry) });
      expect(first).to.include({ type: 'Subscribed' });
      expect(first[kind]).to.have.length(cap - 1);

      const over = await ask({ type: 'subscribe', [kind]: [entry(cap), entry(cap + 1)] });
      expect(over).to.include({ type: 'Error' });
      expect(over.message).to.contain(String(cap));

      const within = await ask({ type: 'subscribe', [kind]: [entry(cap + 2)] });
      expect(within).to.include({ type: 'Subscribed' });
      const held = within[kind] as string[];
      expect(held).to.have.length(cap);
      expect(held).to.include(key(cap + 2));
      expect(held).not.to.include(key(cap));
      expect(held).not.to.include(key(cap + 1));

      // Entries already held do not count twice: the connection is full, not broken.
      expect(await ask({ type: 'subscribe', [kind]: [entry(0)] })).to.include({ type: 'Subscribed' });
      expect(await ask({ type: 'subscribe', [kind]: [entry(cap + 3)] })).to.include({ type: 'Error' });
      expect(socket.readyState).to.equal(WebSocket.OPEN);
    });
  }

  it('no longer lets one client hold 18,000 document subscriptions', async function () {
    const { socket, ask } = await connect();
    const replies: Record<string, unknown>[] = [];
    for (let batch = 0; batch < 18; batch += 1) {
      const documents = range(batch * 1_000, (batch + 1) * 1_000).map((i) => ({ projection: 'OrderView', id: `order-${i}` }));
      replies.push(await ask({ type: 'subscribe', documents }));
    }
    expect(replies.map((reply) => reply.type)).to.deep.equal(['Subscribed', ...Array<string>(17).fill('Error')]);
    const held = await ask({ type: 'unsubscribe', documents: [{ projection: 'OrderView', id: 'order-0' }] });
    expect(held.documents).to.have.length(999);
    expect(socket.readyState).to.equal(WebSocket.OPEN);
  });
});

describe('WebSocket and Server-Sent Events: only allowed Origins', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', { ALLOWED_ORIGINS: 'https://good.example' });
  });
  after(async function () {
    await api.close();
  });

  it('refuses a WebSocket upgrade from an Origin not on the allowlist with 403, and accepts the listed one or none', async function () {
    const evil = await upgrade(api.wsUrl, 'https://evil.example');
    expect(evil.status).to.equal(403);
    for (const origin of ['https://good.example', undefined]) {
      const { status, socket } = await upgrade(api.wsUrl, origin);
      expect(status, String(origin)).to.equal(101);
      socket.terminate();
    }
  });

  it('refuses an event stream from an Origin not on the allowlist with a 403 problem, and accepts the listed one or none', async function () {
    const written = await token(api);
    await expectProblem(await openStream(api, written, { origin: 'https://evil.example' }), 403);
    for (const headers of [{ origin: 'https://good.example' }, {}] as Record<string, string>[]) {
      const stream = await openStream(api, written, headers);
      expect(stream.status, JSON.stringify(headers)).to.equal(200);
      expect(stream.type).to.match(/^text\/event-stream/);
      expect(await stream.response.text()).to.contain('event: visible');
    }
  });
});

describe('WebSocket and Server-Sent Events: connection limits', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  let invisible: string;
  before(async function () {
    // No worker: no projection moves, so a stream for any write waits until STREAM_TIMEOUT_MS.
    api = await ApiUnderTest.start(
      'serve + worker processes',
      { WS_MAX_CONNECTIONS: '3', SSE_MAX_CONNECTIONS: '2', STREAM_TIMEOUT_MS: '10000' },
      { startWorker: false },
    );
    invisible = await token(api);
  });
  after(async function () {
    await api.close();
  });

  it('refuses a fourth WebSocket with 503 at the upgrade, and admits one again once a slot frees', async function () {
    const open = await Promise.all([upgrade(api.wsUrl), upgrade(api.wsUrl), upgrade(api.wsUrl)]);
    expect(open.map((o) => o.status)).to.deep.equal([101, 101, 101]);
    expect((await upgrade(api.wsUrl)).status).to.equal(503);
    open[0]!.socket.close();
    await eventually(() => expect(api.webSocketClients).to.equal(2));
    const again = await upgrade(api.wsUrl);
    expect(again.status).to.equal(101);
    for (const { socket } of [...open, again]) socket.terminate();
    await eventually(() => expect(api.webSocketClients).to.equal(0));
  });

  it('refuses a third concurrent event stream with a 503 problem, and admits a new one once a client disconnects', async function () {
    const streams = [await openStream(api, invisible), await openStream(api, invisible)];
    expect(streams.map((s) => s.status)).to.deep.equal([200, 200]);
    await expectProblem(await openStream(api, invisible), 503);
    streams[0]!.close();
    const next = await admitted(api, invisible);
    for (const stream of [streams[1]!, next]) stream.close();
  });

  it('ends a stream’s wait as soon as its client disconnects, long before the stream timeout', async function () {
    // A stream's slot is freed when its connection closes, whether its wait ended or not, so a
    // freed slot proves nothing here: the test watches each wait the streams start, and when it ends.
    const waiter = api.platform.waiter;
    const waitFor = waiter.waitFor.bind(waiter);
    const waits: { ended?: number }[] = [];
    waiter.waitFor = (...args) => {
      const wait: { ended?: number } = {};
      waits.push(wait);
      return waitFor(...args).finally(() => (wait.ended = Date.now()));
    };
    try {
      // A refused stream never starts a wait, so the one wait recorded is this stream's.
      const stream = await admitted(api, invisible);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(waits).to.have.length(1);
      expect(waits[0]!.ended, 'the wait ended before its client left').to.equal(undefined);
      const left = Date.now();
      stream.close();
      await eventually(() => expect(waits[0]!.ended, 'the wait goes on after its client left').to.be.a('number'), 2_000);
      expect(waits[0]!.ended! - left).to.be.below(1_000);
      // Both slots are free again: the stream that left holds none.
      const both = [await admitted(api, invisible), await admitted(api, invisible)];
      for (const other of both) other.close();
    } finally {
      waiter.waitFor = waitFor;
    }
  });
});
