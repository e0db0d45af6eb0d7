import type { JsonObject } from '../core/events.js';
import type { DocumentPage, DocumentQueries } from '../core/ports/document-queries.js';
import type { LiveGenerations } from '../core/projections/live-generations.js';
import { ArticleDetailView } from '../../projections/article-detail-view.js';
import { ArticleListView } from '../../projections/article-list-view.js';
import { AuthorStatsView } from '../../projections/author-stats-view.js';

/** Reads of the blog's three read models (exercise 2), each from its own projection. */
export class BlogQueries {
  constructor(
    private readonly documents: DocumentQueries,
    private readonly live: LiveGenerations,
  ) {}

  /** Newest first; with tags, the articles carrying any of them. */
  async articles(filter: { tags: readonly string[]; limit: number; offset: number }): Promise<DocumentPage> {
    return this.documents.find(await this.live.of(ArticleListView), 'articles', {
      where: filter.tags.length > 0 ? [{ field: 'tags', op: 'containsAny', values: filter.tags }] : [],
      orderBy: [{ field: 'publishedAt', direction: 'desc' }],
      limit: filter.limit,
      offset: filter.offset,
    });
  }

  async article(articleId: string): Promise<JsonObject | undefined> {
    return this.documents.get(await this.live.of(ArticleDetailView), 'articles', articleId);
  }

  async authorStats(authorId: string): Promise<JsonObject | undefined> {
    return this.documents.get(await this.live.of(AuthorStatsView), 'authors', authorId);
  }
}
