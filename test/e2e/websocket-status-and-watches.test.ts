import { expect } from 'chai';
import WebSocket from 'ws';
import { Receiver } from '../support/async.js';
import { ApiUnderTest, type Topology } from './api-under-test.js';
import { messagesOf } from './websocket-messages.js';

type Message = Record<string, unknown>;

/** The WebSocket messages the dashboard lives on: status reports, and watches of a write. */
describe('WebSocket status reports and watches of a write', function () {
  this.timeout(30_000);
  const sockets: WebSocket[] = [];
  const apis: ApiUnderTest[] = [];

  after(async function () {
    for (const socket of sockets) socket.terminate();
    for (const api of apis) await api.close();
  });

  const start = async (topology: Topology, options: { startWorker?: boolean } = {}) => {
    const api = await ApiUnderTest.start(topology, {}, options);
    apis.push(api);
    return api;
  };
  const connect = async (api: ApiUnderTest) => {
    const socket = new WebSocket(api.wsUrl);
    sockets.push(socket);
    const messages = new Receiver<Message>(messagesOf(socket));
    await new Promise((resolve) => socket.once('open', resolve));
    const send = (message: object) => socket.send(JSON.stringify(message));
    /** The messages of `type` that arrive within `ms`, others dropped. */
    const collect = async (type: string, ms: number) => {
      const found: Message[] = [];
      const deadline = Date.now() + ms;
      for (let next = await messages.next(ms); next !== 'nothing'; next = await messages.next(Math.max(deadline - Date.now(), 0))) if (next.type === type) found.push(next);
      return found;
    };
    const first = async (type: string, ms = 5_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const next = await messages.next(Math.max(deadline - Date.now(), 0));
        if (next === 'nothing') throw new Error(`no ${type} within ${ms} ms`);
        if (next.type === type) return next;
      }
    };
    return { socket, messages, send, collect, first };
  };
  const addProduct = async (api: ApiUnderTest) =>
    (await api.post('/api/products', { name: 'Moka pot', price: 32, category: 'coffee' })).body as { productId: string; token: string; correlationId: string };

  describe('with the workers running', function () {
    let api: ApiUnderTest;
    before(async function () {
      api = await start('one process');
    });

    it('sends one status report per second to its subscribers, read once for all of them, until they leave', async function () {
      const [one, two] = [await connect(api), await connect(api)];
      for (const client of [one, two]) {
        client.send({ type: 'subscribe', status: true });
        expect((await client.messages.take(1))[0]).to.include({ type: 'Subscribed', status: true });
      }
      const [reports, others] = await Promise.all([one.collect('Status', 2_600), two.collect('Status', 2_600)]);
      expect(reports.length, 'one report a second').to.be.within(2, 3);
      // The same reads, not one a client: each report but the last (which may have come at the window's edge) reached both.
      expect(others.map((report) => report.at)).to.include.members(reports.slice(0, -1).map((report) => report.at));
      const report = reports.at(-1)!;
      expect(report).to.have.keys('type', 'at', 'head', 'projections', 'workers');
      const projections = report.projections as { projection: string; checkpoint: string | null; lag: { events: number }; progress: number | null }[];
      expect(projections.map((status) => status.projection).sort()).to.deep.equal(['ArticleDetailView', 'ArticleListView', 'AuthorStatsView', 'OrderView', 'ProductSearch', 'ProductView']);
      expect(projections.every((status) => status.progress === null), 'no generation is being rebuilt').to.equal(true);
      expect(report.workers).to.have.length(1);

      one.send({ type: 'unsubscribe', status: true });
      expect(await one.first('Unsubscribed')).to.include({ status: false });
      const left = Date.now();
      const [after, stayed] = await Promise.all([one.collect('Status', 1_500), two.collect('Status', 1_500)]);
      expect(after).to.deep.equal([]);
      expect(stayed.some((report) => Date.parse(report.at as string) >= left - 5), 'the other subscriber still gets reports').to.equal(true);
    });

    it('answers a watch of a write with WriteVisible once every projection behind it caught up', async function () {
      const client = await connect(api);
      const { token } = await addProduct(api);
      client.send({ type: 'watch', token });
      const visible = await client.first('WriteVisible');
      expect(visible.token).to.equal(token);
      expect(visible.position).to.match(/^\d+$/);
      expect((visible.projections as string[]).sort()).to.deep.equal(['ProductSearch', 'ProductView']);
      const { body } = await api.get('/api/projections/ProductView');
      const [live] = body.generations as { checkpoint: string }[];
      expect(BigInt(live!.checkpoint) >= BigInt(visible.position as string)).to.equal(true);
    });

    it('answers a watch of a token it did not issue with an Error naming the token, and keeps the connection', async function () {
      const client = await connect(api);
      client.send({ type: 'watch', token: 'not-a-token' });
      const error = await client.first('Error');
      expect(error).to.include({ token: 'not-a-token' });
      expect(error.message).to.contain('not one this API issues');
      client.send({ type: 'watch', token: 42 });
      expect((await client.first('Error')).message).to.contain('token must be');
      client.send({ type: 'subscribe', status: 'yes' });
      expect((await client.first('Error')).message).to.equal('status must be true or false');
      expect(client.socket.readyState).to.equal(WebSocket.OPEN);
    });
  });

  describe('with no worker running', function () {
    let api: ApiUnderTest;
    before(async function () {
      api = await start('serve + worker processes', { startWorker: false });
    });

    it('answers a watch with WritePending, naming the projections still behind, once the stream timeout passed', async function () {
      const client = await connect(api);
      const { token } = await addProduct(api);
      const sent = Date.now();
      client.send({ type: 'watch', token });
      const pending = await client.first('WritePending');
      expect(Date.now() - sent).to.be.at.least(api.platform.config.http.streamTimeoutMs - 50);
      expect((pending.waitingFor as string[]).sort()).to.deep.equal(['ProductSearch', 'ProductView']);
      expect(pending.token).to.equal(token);
    });

    it('runs at most 100 watches at once on one connection', async function () {
      const client = await connect(api);
      const { token } = await addProduct(api);
      for (let i = 0; i < 101; i += 1) client.send({ type: 'watch', token });
      const refusal = await client.first('Error', 1_000);
      expect(refusal).to.include({ token });
      expect(refusal.message).to.contain('at most 100 watches');
      expect(await client.collect('WritePending', api.platform.config.http.streamTimeoutMs + 1_000)).to.have.length(100);
    });
  });
});
