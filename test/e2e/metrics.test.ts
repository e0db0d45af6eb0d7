import { expect } from 'chai';
import WebSocket from 'ws';
import { createServer } from '../../src/api/create-server.js';
import type { Platform } from '../../src/composition/compose.js';
import { eventually } from '../support/async.js';
import { Scrape } from '../support/scrape-metrics.js';
import { counted, tallyProjection } from '../support/tally-projection.js';
import { testPlatform } from '../support/test-platform.js';
import { ApiUnderTest } from './api-under-test.js';

describe('metrics: GET /metrics in Prometheus format', function () {
  this.timeout(30_000);

  describe('with the workers in a projection thread (npm start)', function () {
    let api: ApiUnderTest;
    before(async function () {
      api = await ApiUnderTest.start('projection thread');
    });
    after(async function () {
      await api.close();
    });

    it('moves the runners’ counters across the thread, and times requests by route pattern and waits by outcome', async function () {
      const before = await Scrape.of(api.url);
      const customerId = ((await api.post('/api/customers', { name: 'Ana', email: 'ana@example.com' })).body as { customerId: string }).customerId;
      const order = (await api.post('/api/orders', { customerId, items: [{ productId: 'p', quantity: 1, unitPrice: 1 }] })).body as { orderId: string; correlationId: string };
      const read = await api.get(`/api/orders/${order.orderId}?correlation=${order.correlationId}&wait=true`);
      expect(read.status).to.equal(200);

      await eventually(async () => {
        const after = await Scrape.of(api.url);
        const handled = (scrape: Scrape) => scrape.value('projectionist_events_handled_total', { projection: 'OrderView' }) ?? 0;
        expect(handled(after)).to.be.greaterThan(handled(before));
        expect(after.value('projectionist_batch_duration_seconds_count', { projection: 'OrderView', generation: '1' })).to.be.greaterThan(0);
        // A partitioned projection's series also name the partition (OrderView has three).
        for (const labels of after.labelsOf('projectionist_events_handled_total')) {
          expect(labels).to.have.keys(labels.projection === 'OrderView' ? ['projection', 'generation', 'partition', 'worker'] : ['projection', 'generation', 'worker']);
        }
        expect(after.labelsOf('projectionist_events_handled_total').filter((l) => l.projection === 'OrderView').map((l) => l.partition)).to.satisfy((parts: string[]) => parts.length > 0 && parts.every((p) => ['0', '1', '2'].includes(p)));
      });
      const after = await Scrape.of(api.url);
      expect(after.value('projectionist_http_request_duration_seconds_count', { method: 'POST', route: '/api/orders', status: '202' })).to.equal(1);
      expect(after.value('projectionist_http_request_duration_seconds_count', { method: 'GET', route: '/api/orders/:id', status: '200' })).to.equal(1);
      // Never the raw URL: no series names a document.
      expect(after.labelsOf('projectionist_http_request_duration_seconds_count').map((l) => l.route)).not.to.include(`/api/orders/${order.orderId}`);
      expect(after.value('projectionist_consistency_wait_seconds_count', { outcome: 'visible' })).to.equal(1);
      expect(after.value('projectionist_lag_events', { projection: 'OrderView', generation: '1' })).to.equal(0);
      expect(after.value('projectionist_parked_events', { projection: 'OrderView', generation: '1' })).to.equal(0);
      expect(after.value('projectionist_lag_events', { projection: 'OrderView', generation: '1', partition: '2' })).to.equal(0);
    });

    it('counts WebSocket clients while they are connected', async function () {
      expect((await Scrape.of(api.url)).value('projectionist_clients', { transport: 'websocket' })).to.equal(0);
      const socket = new WebSocket(api.wsUrl);
      await new Promise((resolve) => socket.once('open', resolve));
      try {
        expect((await Scrape.of(api.url)).value('projectionist_clients', { transport: 'websocket' })).to.equal(1);
      } finally {
        socket.terminate();
      }
      await eventually(async () => expect((await Scrape.of(api.url)).value('projectionist_clients', { transport: 'websocket' })).to.equal(0));
    });
  });

  describe('with the workers on the API thread', function () {
    let platform: (Platform & { dataDir: string }) | undefined;
    let close: (() => Promise<void>) | undefined;
    afterEach(async function () {
      await close?.();
      close = undefined;
    });

    const serve = async (env: NodeJS.ProcessEnv, tally: ReturnType<typeof tallyProjection>) => {
      platform = await testPlatform({ projections: [tally.projection], env });
      await platform.start();
      const { server, gateway } = createServer(platform);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const p = platform;
      close = async () => {
        gateway.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await p.close();
      };
      const address = server.address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    };

    it('counts parked events, and shows how many a generation holds', async function () {
      const tally = tallyProjection({ failOn: new Set([2]) });
      const url = await serve({}, tally);
      await platform!.eventStore.appendToStream('s1', [counted(1), counted(2)]);
      await eventually(async () => {
        const scrape = await Scrape.of(url);
        expect(scrape.value('projectionist_parked_events', { projection: 'Tally', generation: '1' })).to.equal(1);
        expect(scrape.value('projectionist_events_parked_total', { projection: 'Tally' })).to.equal(1);
        expect(scrape.value('projectionist_events_handled_total', { projection: 'Tally' })).to.equal(2);
      });
    });

    it('shows lag and rebuild progress while no worker runs, an open event stream, and its wait timing out by projection', async function () {
      const tally = tallyProjection();
      const url = await serve({ STREAM_TIMEOUT_MS: '1500' }, tally);
      await platform!.eventStore.appendToStream('s1', [counted(1)]);
      await eventually(async () => expect((await Scrape.of(url)).value('projectionist_events_handled_total', { projection: 'Tally' })).to.equal(1));
      await platform!.workers!.close();
      await platform!.generations.beginRebuild('Tally');
      await platform!.eventStore.appendToStream('s1', [counted(2), { ...counted(3), metadata: { $correlationId: 'metrics-wait' } }]);

      const stream = await fetch(`${url}/api/stream?correlation=metrics-wait`);
      expect(stream.status).to.equal(200);
      const scrape = await Scrape.of(url);
      expect(scrape.value('projectionist_clients', { transport: 'sse' })).to.equal(1);
      expect(scrape.value('projectionist_lag_events', { projection: 'Tally', generation: '1' })).to.equal(2);
      expect(scrape.value('projectionist_lag_seconds', { projection: 'Tally', generation: '1' })).to.be.at.least(0);
      expect(scrape.value('projectionist_rebuild_progress_ratio', { projection: 'Tally', generation: '2' })).to.equal(0);
      expect(scrape.value('projectionist_rebuild_progress_ratio', { projection: 'Tally', generation: '1' })).to.equal(undefined);
      expect(scrape.value('projectionist_consistency_wait_timeouts_total', { projection: 'Tally' })).to.equal(undefined);

      expect(await stream.text()).to.contain('event: timeout');
      const after = await Scrape.of(url);
      expect(after.value('projectionist_consistency_wait_timeouts_total', { projection: 'Tally' })).to.equal(1);
      expect(after.value('projectionist_consistency_wait_seconds_count', { outcome: 'timeout' })).to.equal(1);
      expect(after.value('projectionist_clients', { transport: 'sse' })).to.equal(0);
    });
  });
});
