import type { Aggregate } from '../../core/commands/aggregate.js';

/** An article's own stream holds its publication; likes live in a stream per article and user. */
export interface Article {
  readonly published: boolean;
}

export const article: Aggregate<Article> = {
  initialState: () => ({ published: false }),
  evolve: (state, event) => (event.type === 'ArticlePublished' ? { published: true } : state),
};
