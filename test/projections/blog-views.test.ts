import { ArticleDetailView } from '../../projections/article-detail-view.js';
import { ArticleListView } from '../../projections/article-list-view.js';
import { AuthorStatsView } from '../../projections/author-stats-view.js';
import { projectionSpec } from '../support/projection-spec.js';

const content = 'Lorem ipsum dolor sit amet. '.repeat(10);
const registered = { type: 'AuthorRegistered', data: { authorId: 'a1', name: 'Grace', avatarUrl: 'https://x/g.png', registeredAt: '2026-01-01T00:00:00.000Z' } };
const published = (articleId: string, publishedAt: string, tags = ['tech']) => ({
  type: 'ArticlePublished',
  data: { articleId, authorId: 'a1', authorName: 'Grace', authorAvatar: 'https://x/g.png', title: `Title of ${articleId}`, content, tags, publishedAt },
});
const liked = (articleId: string, userId: string) => ({ type: 'ArticleLiked', data: { articleId, userId, likedAt: '2026-01-03T00:00:00.000Z' } });

describe('ArticleListView', function () {
  it('lists an article with a 200-character excerpt and counts its likes', async function () {
    await projectionSpec(ArticleListView)
      .given(published('art1', '2026-01-02T00:00:00.000Z'))
      .when(liked('art1', 'u1'), liked('art1', 'u2'))
      .then({
        articles: {
          art1: {
            articleId: 'art1',
            title: 'Title of art1',
            authorId: 'a1',
            authorName: 'Grace',
            authorAvatar: 'https://x/g.png',
            excerpt: content.slice(0, 200),
            tags: ['tech'],
            likeCount: 2,
            publishedAt: '2026-01-02T00:00:00.000Z',
          },
        },
      });
  });
});

describe('ArticleDetailView', function () {
  it('keeps the full content, and counts likes', async function () {
    await projectionSpec(ArticleDetailView)
      .given(published('art1', '2026-01-02T00:00:00.000Z'))
      .when(liked('art1', 'u1'))
      .then({
        articles: {
          art1: {
            articleId: 'art1',
            title: 'Title of art1',
            content,
            authorId: 'a1',
            authorName: 'Grace',
            authorAvatar: 'https://x/g.png',
            tags: ['tech'],
            likeCount: 1,
            publishedAt: '2026-01-02T00:00:00.000Z',
          },
        },
      });
  });
});

describe('AuthorStatsView', function () {
  it('counts articles and likes, averages them, and remembers the last publication', async function () {
    await projectionSpec(AuthorStatsView)
      .given(registered, published('art1', '2026-01-02T00:00:00.000Z'), published('art2', '2026-01-05T00:00:00.000Z'))
      .when(liked('art1', 'u1'), liked('art1', 'u2'), liked('art2', 'u1'))
      .then({
        authors: {
          a1: { authorId: 'a1', name: 'Grace', totalArticles: 2, totalLikes: 3, averageLikesPerArticle: 1.5, lastPublishedAt: '2026-01-05T00:00:00.000Z' },
        },
        articleAuthors: { art1: { authorId: 'a1' }, art2: { authorId: 'a1' } },
      });
  });

  it('starts an author at zero on registration', async function () {
    await projectionSpec(AuthorStatsView)
      .given()
      .when(registered)
      .then({ authors: { a1: { authorId: 'a1', name: 'Grace', totalArticles: 0, totalLikes: 0, averageLikesPerArticle: 0, lastPublishedAt: null } } });
  });
});
