import { expect } from 'chai';
import { NotFoundError, RuleViolationError } from '../../src/core/domain-errors.js';
import { Commands } from '../../src/domain/commands.js';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { rejectionOf } from '../support/async.js';
import { memoryEventStore } from '../support/memory-store.js';

const content = 'Lorem ipsum dolor sit amet. '.repeat(5);

describe('blog: commands', function () {
  let store: SqliteEventStore;
  let commands: Commands;
  let authorId: string;

  beforeEach(async function () {
    store = memoryEventStore();
    commands = new Commands(store);
    ({ id: authorId } = await commands.registerAuthor({ name: 'Grace', avatarUrl: 'https://example.com/grace.png' }));
  });

  afterEach(async function () {
    await store.close();
  });

  it('publishes an article carrying its author’s name and avatar, with clean tags', async function () {
    const { id } = await commands.publishArticle({ authorId, title: 'My First Article', content, tags: [' Tech', 'programming', 'tech'] });
    const [published] = await store.readStream(`article-${id}`);
    expect(published!.data).to.include({ articleId: id, authorId, authorName: 'Grace', authorAvatar: 'https://example.com/grace.png' });
    expect((published!.data as { tags: string[] }).tags).to.deep.equal(['tech', 'programming']);
  });

  it('refuses a title under 10 characters and content under 100, as the seed requires', async function () {
    const title = await rejectionOf(commands.publishArticle({ authorId, title: 'Too short', content }));
    expect(title).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.title-min-length');
    const body = await rejectionOf(commands.publishArticle({ authorId, title: 'Long enough title', content: 'x'.repeat(99) }));
    expect(body).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.content-min-length');
    const stranger = await rejectionOf(commands.publishArticle({ authorId: 'nobody', title: 'Long enough title', content }));
    expect(stranger).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.author-must-exist');
  });

  it('lets a user like an article once', async function () {
    const { id } = await commands.publishArticle({ authorId, title: 'My First Article', content });
    await commands.likeArticle({ articleId: id, userId: 'user-1' });
    const again = await rejectionOf(commands.likeArticle({ articleId: id, userId: 'user-1' }));
    expect(again).to.be.instanceOf(RuleViolationError).with.property('rule', 'article.like-once-per-user');
    expect(await store.readStream(`article-${id}`)).to.have.length(2);
  });

  it('refuses a like for an article that does not exist', async function () {
    const error = await rejectionOf(commands.likeArticle({ articleId: 'missing', userId: 'user-1' }));
    expect(error).to.be.instanceOf(NotFoundError).with.property('entity', 'article');
  });

  it('keeps every like when many users like at once, retrying the conflicts', async function () {
    const { id } = await commands.publishArticle({ authorId, title: 'My First Article', content });
    await Promise.all(Array.from({ length: 4 }, (_, i) => commands.likeArticle({ articleId: id, userId: `user-${i}` })));
    const likes = (await store.readStream(`article-${id}`)).filter((e) => e.type === 'ArticleLiked');
    expect(likes.map((e) => (e.data as { userId: string }).userId).sort()).to.deep.equal(['user-0', 'user-1', 'user-2', 'user-3']);
  });
});
