import type { Aggregate } from '../../core/commands/aggregate.js';

/** One user's like of one article: its stream holds that like, or nothing. */
export interface ArticleLike {
  readonly liked: boolean;
}

export const articleLike: Aggregate<ArticleLike> = {
  initialState: () => ({ liked: false }),
  evolve: (state, event) => (event.type === 'ArticleLiked' ? { liked: true } : state),
};
