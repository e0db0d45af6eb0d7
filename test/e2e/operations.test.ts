import { expect } from 'chai';
import { projections } from '../../projections/index.js';
import { eventually } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';

describe('operations: status, admin token, rebuild, parked events, health', function () {
  this.timeout(30_000);
  let api: ApiUnderTest;
  before(async function () {
    api = await ApiUnderTest.start('one process', { ADMIN_TOKEN: 's3cret' });
  });
  after(async function () {
    await api.close();
  });
  const admin = { authorization: 'Bearer s3cret' };

  it('shows every projection’s status, with positions as decimal text', async function () {
    await api.post('/api/customers', { name: 'Ana', email: 'ana@example.com' });
    const { body } = await api.get('/api/projections');
    const statuses = body.projections as { projection: string; state: string; checkpoint: string | null; lag: { events: number; ms: number }; parked: number }[];
    expect(statuses.map((s) => s.projection).sort()).to.deep.equal(['ArticleDetailView', 'ArticleListView', 'AuthorStatsView', 'OrderView', 'ProductSearch', 'ProductView']);
    for (const status of statuses) {
      expect(status).to.have.keys('projection', 'generation', 'version', 'registryState', 'state', 'checkpoint', 'lag', 'parked', 'lastError', 'stoppedAt', 'store', 'eventsPerSecond', 'group', 'owner', 'partitions');
      expect(status.checkpoint === null || /^\d+$/.test(status.checkpoint)).to.equal(true);
    }
    type Owner = { worker: string; epoch: number; expiresInMs: number } | null;
    await eventually(async () => {
      // A partitioned projection (OrderView: three partitions) has a writer per partition, none for the whole.
      const shown = (await api.get('/api/projections')).body.projections as { projection: string; owner: Owner; partitions: { partition: number; owner: Owner; checkpoint: string | null }[] | null }[];
      const owned = shown.flatMap((s) => (s.partitions ? s.partitions.map((p) => p.owner) : [s.owner]));
      expect(shown.find((s) => s.projection === 'OrderView')!.partitions!.map((p) => p.partition)).to.deep.equal([0, 1, 2]);
      expect(shown.find((s) => s.projection === 'OrderView')!.owner).to.equal(null);
      expect(shown.filter((s) => s.projection !== 'OrderView').every((s) => s.partitions === null)).to.equal(true);
      expect(owned.every((owner) => owner !== null && owner.epoch >= 1 && owner.expiresInMs > 0), 'every generation and partition has a writer').to.equal(true);
      const { body: workers } = await api.get('/api/workers');
      expect(workers.workers).to.have.length(1);
      const [worker] = workers.workers as { worker: string; writes: string[]; heartbeatAgeMs: number }[];
      expect(worker!.writes).to.have.length(owned.length);
      expect(worker!.writes).to.include.members(['OrderView#1.p0', 'OrderView#1.p1', 'OrderView#1.p2']);
      expect(owned.every((owner) => owner!.worker === worker!.worker)).to.equal(true);
    });
    const one = await api.get('/api/projections/OrderView');
    expect((one.body.generations as unknown[]).length).to.equal(1);
    expect((await api.get('/api/projections/Nope')).status).to.equal(404);
  });

  it('refuses admin operations without the token (401) and with a wrong one (403)', async function () {
    const none = await api.post('/api/projections/OrderView/rebuild', {});
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.equal('Bearer');
    expect((await api.post('/api/projections/OrderView/rebuild', {}, { authorization: 'Bearer wrong' })).status).to.equal(403);
    expect((await api.get('/api/projections/OrderView/parked', { authorization: 'Basic s3cret' })).status).to.equal(401);
  });

  it('rebuilds a projection blue/green on request', async function () {
    const response = await api.post('/api/projections/OrderView/rebuild', {}, admin);
    expect(response.status).to.equal(202);
    expect(response.body).to.include({ projection: 'OrderView', generation: 2, state: 'building' });
    await eventually(async () => {
      const { body } = await api.get('/api/projections/OrderView');
      expect((body.generations as { generation: number; registryState: string }[]).map((g) => `${g.generation}:${g.registryState}`)).to.deep.equal(['2:live']);
    }, 10_000);
  });

  it('lists parked events and replays them', async function () {
    await api.platform.eventStore.appendToStream('article-ghost', [{ type: 'ArticleLiked', data: { articleId: 'ghost', userId: 'u1', likedAt: 'now' } }]);
    await eventually(async () => expect(((await api.get('/api/projections/AuthorStatsView/parked', admin)).body.parked as unknown[]).length).to.equal(1));
    const { body } = await api.get('/api/projections/AuthorStatsView/parked', admin);
    expect((body.parked as Record<string, unknown>[])[0]).to.include({ stream: 'article-ghost', eventType: 'ArticleLiked', attempts: 3 });
    const replay = await api.post('/api/projections/AuthorStatsView/parked/replay', { stream: 'article-ghost' }, admin);
    expect(replay.status).to.equal(200);
    expect(replay.body).to.deep.equal({ replayed: 0, stillParked: 1 });
  });

  it('answers 404 problem+json naming the known projections for an unknown one, on every operation', async function () {
    const known = projections.map((projection) => projection.name).join(', ');
    const answers = [
      await api.get('/api/projections/Nope'),
      await api.post('/api/projections/Nope/rebuild', {}, admin),
      await api.get('/api/projections/Nope/parked', admin),
      await api.post('/api/projections/Nope/parked/replay', {}, admin),
    ];
    for (const answer of answers) {
      expect(answer.status).to.equal(404);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body).to.deep.include({ status: 404, title: 'Not Found', detail: `unknown projection Nope; known: ${known}` });
    }
  });

  it('answers health, and readiness only while stores answer and no projection failed', async function () {
    expect((await api.get('/health')).body).to.deep.equal({ status: 'ok' });
    const ready = await api.get('/ready');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.include({ status: 'ready' });
  });
});
