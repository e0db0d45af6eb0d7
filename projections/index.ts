import type { Projection } from '../src/core/projections/projection.js';
import { ArticleDetailView } from './article-detail-view.js';
import { ArticleListView } from './article-list-view.js';
import { AuthorStatsView } from './author-stats-view.js';
import { OrderView } from './order-view.js';
import { ProductSearch } from './product-search.js';
import { ProductView } from './product-view.js';

/** The seed's read models: exercise 1 (orders), 2 (blog) and 3 (catalogue). */
export const projections: readonly Projection[] = [OrderView, ArticleListView, ArticleDetailView, AuthorStatsView, ProductView, ProductSearch];

export { ArticleDetailView, ArticleListView, AuthorStatsView, OrderView, ProductSearch, ProductView };
