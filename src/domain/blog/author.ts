import type { Aggregate } from '../../core/commands/aggregate.js';
import type { AuthorRegistered } from './blog-events.js';

export interface Author {
  readonly registered: boolean;
  readonly name: string;
  readonly avatarUrl: string;
}

export const author: Aggregate<Author> = {
  initialState: () => ({ registered: false, name: '', avatarUrl: '' }),
  evolve: (state, event) => {
    if (event.type !== 'AuthorRegistered') return state;
    const { name, avatarUrl } = event.data as AuthorRegistered['data'];
    return { registered: true, name, avatarUrl };
  },
};
