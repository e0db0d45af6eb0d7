import { expect } from 'chai';
import { encodeToken } from '../../src/api/consistency-token.js';
import type { ProjectionChange } from '../../src/core/ports/change-notifier.js';
import { eventually } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';

describe('read-your-writes: a write parked while an API process without workers waits for it', function () {
  this.timeout(30_000);
  let api: ApiUnderTest | undefined;
  afterEach(async function () {
    await api?.close();
    api = undefined;
  });

  const authorStats = () => api!.platform.projections.find((projection) => projection.name === 'AuthorStatsView')!;

  it('ends the wait with the parked event, from the change the worker process logged', async function () {
    api = await ApiUnderTest.start('serve + worker processes', { CONSISTENCY_TIMEOUT_MS: '20000' });
    // The worker registers the projections and goes; the wait then begins with AuthorStatsView live but behind the write.
    await eventually(async () => expect(await api!.platform.live.of(authorStats())).to.include({ generation: 1 }));
    await api.killWorker();
    const relayed: ProjectionChange[] = [];
    api.platform.notifier.subscribe((change) => {
      if (change.projection === 'AuthorStatsView') relayed.push(change);
    });
    const orphan = await api.platform.eventStore.appendToStream('article-ghost', [
      { type: 'ArticleLiked', data: { articleId: 'ghost', userId: 'u1', likedAt: new Date().toISOString() }, metadata: { $correlationId: 'c-ghost' } },
    ]);
    const token = encodeToken({ storeId: await api.platform.eventStore.storeId(), receipt: { position: orphan.position, eventTypes: ['ArticleLiked'], stream: 'article-ghost' } });
    const waited = api.get(`/api/authors/someone/stats?consistentWith=${token}&wait=true`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await api.startWorker();

    const response = await waited;
    expect(response.status).to.equal(500);
    expect(response.body.detail).to.contain('AuthorStatsView set aside ArticleLiked').and.contain('liked before it was published');
    expect(response.body.parkedEvent).to.include({ type: 'ArticleLiked', stream: 'article-ghost' });
    const parked = relayed.flatMap((change) => change.parking?.parked ?? []);
    expect(parked.map((event) => [event.streamId, event.eventType])).to.deep.equal([['article-ghost', 'ArticleLiked']]);
  });
});
