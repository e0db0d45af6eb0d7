import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { POSTGRES_EVENTS_CONFIGURATION, type PlatformConfiguration } from '../engines/platform-configurations.js';
import { projections } from '../../projections/index.js';
import { eventually } from '../support/async.js';
import { expectEqualToFreshRebuild } from '../support/fresh-rebuild.js';
import { TEST_CONFIG_FILE } from '../support/test-platform.js';
import { ApiUnderTest } from './api-under-test.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;

/** A second `projectionist worker` beside the one ApiUnderTest starts, on the same stores. */
async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, CONFIG_FILE: TEST_CONFIG_FILE, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Projectionist running')) resolve();
    });
    worker.once('exit', (code) => reject(new Error(`the second worker exited with ${code}`)));
  });
  return worker;
}

describeEachEngine('two APIs and two workers on one event store', [POSTGRES_EVENTS_CONFIGURATION], (engine: string, configuration: PlatformConfiguration) => {
  describe(`${engine}: two API processes and two worker processes on one database`, function () {
    this.timeout(60_000);
    let api: ApiUnderTest;
    let second: { url: string; close: () => Promise<void> };
    let otherWorker: ChildProcess;
    let env: NodeJS.ProcessEnv;

    before(async function () {
      env = configuration();
      api = await ApiUnderTest.start('serve + worker processes', env);
      second = await api.startSecondApi();
      otherWorker = await startWorker({ ...env, DATA_DIR: api.platform.dataDir });
    });

    after(async function () {
      if (otherWorker.exitCode === null && otherWorker.signalCode === null) {
        const exited = new Promise((resolve) => otherWorker.once('exit', resolve));
        otherWorker.kill('SIGTERM');
        await exited;
      }
      await api.close();
    });

    const post = async (base: string, path: string, body: unknown) =>
      (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;

    it('counts likes sent to both APIs once each, and goes on after a worker is killed', async function () {
      const { authorId } = (await api.post('/api/authors', { name: 'Ada' })).body as { authorId: string };
      const { articleId } = (await api.post('/api/articles', { authorId, title: 'A popular article', content: 'x'.repeat(120) })).body as { articleId: string };
      const likeCount = async () => ((await api.get(`/api/articles/${articleId}`)).body.likeCount as number | undefined) ?? -1;
      const like = (from: number, to: number) =>
        Promise.all(Array.from({ length: to - from }, (_, i) => post((from + i) % 2 === 0 ? api.url : second.url, `/api/articles/${articleId}/likes`, { userId: `user-${from + i}` })));
      expect((await like(0, 40)).filter((status) => status !== 202)).to.deep.equal([]);
      await eventually(async () => expect(await likeCount()).to.equal(40), 15_000);
      await api.killWorker();
      expect((await like(40, 80)).filter((status) => status !== 202)).to.deep.equal([]);
      await eventually(async () => expect(await likeCount()).to.equal(80), 20_000);
    });

    it('answers a read with the token of a write made through the other API', async function () {
      const created = await fetch(`${second.url}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana', email: 'ana@example.com' }) });
      expect(created.status).to.equal(202);
      const { customerId, token } = (await created.json()) as { customerId: string; token: string };
      const read = await api.get(`/api/customers/${customerId}/orders?consistentWith=${token}&wait=true`);
      expect(read.status).to.equal(200);
    });

    it('leaves every read model equal to a fresh rebuild of the same events', async function () {
      this.timeout(300_000);
      const { customerId } = (await fetch(`${second.url}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bo', email: 'bo@example.com' }) }).then((r) => r.json())) as { customerId: string };
      const { productId } = (await api.post('/api/products', { name: 'Lamp', price: 10, category: 'home', stock: 3 })).body as { productId: string };
      expect(await post(second.url, '/api/orders', { customerId, items: [{ productId, quantity: 1, unitPrice: 10 }] })).to.equal(202);
      await eventually(async () => {
        const statuses = (await api.get('/api/projections')).body.projections as { lag: { events: number }; state: string }[];
        expect(statuses.every((status) => status.lag.events === 0)).to.equal(true);
      }, 30_000);
      await expectEqualToFreshRebuild(env, api.platform.dataDir, configuration(), projections, 'after two APIs and two workers, one killed');
    });
  });
});
