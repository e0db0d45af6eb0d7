import { expect } from 'chai';
import type { Platform } from '../../src/composition/compose.js';
import { likeArticle } from '../../src/domain/blog/like-article.js';
import { publishArticle as publish } from '../../src/domain/blog/publish-article.js';
import { registerAuthor } from '../../src/domain/blog/register-author.js';
import { eventually } from '../support/async.js';
import { testPlatform } from '../support/test-platform.js';

/** The seed's exercise 2 tests, as written there (with mocha + chai instead of jest). */
describe('Blog CQRS (seed exercise 2)', function () {
  let platform: Platform;
  let authorId: string;
  const waitFor = (check: () => Promise<void>) => eventually(check, 5_000);

  beforeEach(async function () {
    platform = await testPlatform();
    await platform.start();
    ({ id: authorId } = await registerAuthor(platform.commandHandler, { name: 'Ada', avatarUrl: 'https://example.com/ada.png' }));
  });

  afterEach(async function () {
    await platform.close();
  });

  const publishArticle = () =>
    publish(platform.commandHandler, { authorId, title: 'My First Article', content: 'Lorem ipsum...'.repeat(50), tags: ['tech', 'programming'] });

  it('should update all 3 read models when article published', async function () {
    const { id: articleId } = await publishArticle();

    await waitFor(async () => {
      const list = await platform.queries.blog.articles.with({ tags: [], limit: 20, offset: 0 }).run();
      expect(list.documents).to.have.length(1);
      expect(list.documents[0]!.excerpt).to.have.length(200);

      const detail = await platform.queries.blog.article.with(articleId).run();
      expect(detail?.content).to.contain('Lorem ipsum');

      const stats = await platform.queries.blog.authorStats.with(authorId).run();
      expect(stats?.totalArticles).to.equal(1);
    });
  });

  it('should update like counts in list and detail views', async function () {
    const { id: articleId } = await publishArticle();

    await likeArticle(platform.commandHandler, { articleId, userId: 'user-1' });

    await waitFor(async () => {
      const list = await platform.queries.blog.articles.with({ tags: [], limit: 20, offset: 0 }).run();
      expect(list.documents[0]!.likeCount).to.equal(1);

      const detail = await platform.queries.blog.article.with(articleId).run();
      expect(detail?.likeCount).to.equal(1);

      const stats = await platform.queries.blog.authorStats.with(authorId).run();
      expect(stats?.totalLikes).to.equal(1);
    });
  });

  it('filters the list by any of several tags, newest first, in pages', async function () {
    const first = await publish(platform.commandHandler, { authorId, title: 'About databases', content: 'x'.repeat(120), tags: ['db'] });
    const second = await publish(platform.commandHandler, { authorId, title: 'About networks', content: 'y'.repeat(120), tags: ['net'] });
    await publish(platform.commandHandler, { authorId, title: 'About cooking', content: 'z'.repeat(120), tags: ['food'] });
    await waitFor(async () => {
      const page = await platform.queries.blog.articles.with({ tags: ['db', 'net'], limit: 1, offset: 0 }).run();
      expect(page.total).to.equal(2);
      expect(page.documents.map((d) => d.articleId)).to.deep.equal([second.id]);
      const next = await platform.queries.blog.articles.with({ tags: ['db', 'net'], limit: 1, offset: 1 }).run();
      expect(next.documents.map((d) => d.articleId)).to.deep.equal([first.id]);
    });
  });
});
