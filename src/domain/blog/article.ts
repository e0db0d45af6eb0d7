import type { Aggregate } from '../../core/commands/command-handler.js';
import type { ArticleLiked } from './blog-events.js';

export interface Article {
  readonly published: boolean;
  /** Users who liked it: a user likes an article once. Grown in place while folding. */
  readonly likedBy: Set<string>;
}

export const article: Aggregate<Article> = {
  initialState: () => ({ published: false, likedBy: new Set() }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ArticlePublished':
        return { ...state, published: true };
      case 'ArticleLiked':
        state.likedBy.add((event.data as ArticleLiked['data']).userId);
        return state;
      default:
        return state;
    }
  },
};
