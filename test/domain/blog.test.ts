import { expect } from 'chai';
import { NotFoundError, RuleViolationError } from '../../src/core/domain-errors.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { registerAuthor } from '../../src/domain/blog/register-author.js';
import { publishArticle } from '../../src/domain/blog/publish-article.js';
import { likeArticle } from '../../src/domain/blog/like-article.js';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { rejectionOf } from '../support/async.js';
import { memoryEventStore } from '../support/memory-store.js';

const content = 'Lorem ipsum dolor sit amet. '.repeat(5);

describe('blog: commands', function () {
  let store: SqliteEventStore;
  let handler: CommandHandler;
  let authorId: string;

  beforeEach(async function () {
    store = memoryEventStore();
    handler = new CommandHandler(store);
    ({ id: authorId } = await registerAuthor(handler, { name: 'Grace', avatarUrl: 'https://example.com/grace.png' }));
  });

  afterEach(async function () {
    await store.close();
  });

  it('publishes an article carrying its author’s name and avatar, with clean tags', async function () {
    const { id } = await publishArticle(handler, { authorId, title: 'My First Article', content, tags: [' Tech', 'programming', 'tech'] });
    const [published] = await store.readStream(`article-${id}`);
    expect(published!.data).to.include({ articleId: id, authorId, authorName: 'Grace', authorAvatar: 'https://example.com/grace.png' });
    expect((published!.data as { tags: string[] }).tags).to.deep.equal(['tech', 'programming']);
  });

  it('refuses a title under 10 characters and content under 100, as the seed requires', async function () {
    const title = await rejectionOf(publishArticle(handler, { authorId, title: 'Too short', content }));
    expect(title).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.title-min-length');
    const body = await rejectionOf(publishArticle(handler, { authorId, title: 'Long enough title', content: 'x'.repeat(99) }));
    expect(body).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.content-min-length');
    const stranger = await rejectionOf(publishArticle(handler, { authorId: 'nobody', title: 'Long enough title', content }));
    expect(stranger).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.author-must-exist');
  });

  it('lets a user like an article once', async function () {
    const { id } = await publishArticle(handler, { authorId, title: 'My First Article', content });
    await likeArticle(handler, { articleId: id, userId: 'user-1' });
    const again = await rejectionOf(likeArticle(handler, { articleId: id, userId: 'user-1' }));
    expect(again).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.like-once-per-user');
    expect(await store.readAll({ maxCount: 100, filter: { prefixes: ['ArticleLiked'] } })).to.have.length(1);
  });

  it('refuses a like for an article that does not exist', async function () {
    const error = await rejectionOf(likeArticle(handler, { articleId: 'missing', userId: 'user-1' }));
    expect(error).to.be.instanceOf(NotFoundError).with.property('entity', 'article');
  });

  it('keeps every like when many users like at once', async function () {
    const { id } = await publishArticle(handler, { authorId, title: 'My First Article', content });
    await Promise.all(Array.from({ length: 4 }, (_, i) => likeArticle(handler, { articleId: id, userId: `user-${i}` })));
    const likes = (await store.readAll({ maxCount: 100, filter: { prefixes: ['ArticleLiked'] } })).filter((e) => (e.data as { articleId: string }).articleId === id);
    expect(likes.map((e) => (e.data as { userId: string }).userId).sort()).to.deep.equal(['user-0', 'user-1', 'user-2', 'user-3']);
  });
});
