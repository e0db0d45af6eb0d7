import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { CommandHandler } from '../../src/core/commands/command-handler.js';
import { likeArticle } from '../../src/domain/blog/like-article.js';
import { publishArticle } from '../../src/domain/blog/publish-article.js';
import { registerAuthor } from '../../src/domain/blog/register-author.js';
import { articleLikeStream } from '../../src/domain/blog/blog-events.js';
import { printTable, ratio } from '../support/report.js';
import { scratch } from '../support/scratch.js';
import { runFor } from '../support/timed-run.js';

const POPULAR_LIKES = 100_000;
const QUIET_LIKES = 10;

/**
 * The cost of a like as an article gets popular: likes per second on an article that already
 * has 100,000 likes against one that has 10, in the same run. A like must not read the likes
 * before it, so the two should be the same.
 */
export async function likesBenchmark(durationMs: number): Promise<void> {
  const file = join(scratch('likes'), 'likes.db');
  const { popular, quiet } = await seed(file);
  const store = new SqliteEventStore({ file, synchronous: 'full' });
  try {
    let round = 0;
    const measure = (articleId: string, concurrency: number) => {
      round += 1;
      return runFor(durationMs / 4, concurrency, (client, n) => likeArticle(new CommandHandler(store), { articleId, userId: `r${round}-${client}-${n}` }));
    };
    // Alternated and taken at their best, so that a noisy neighbour does not favour one side.
    const best = async (concurrency: number) => {
      const results = { quiet: 0, popular: 0 };
      for (let i = 0; i < 2; i += 1) {
        results.quiet = Math.max(results.quiet, (await measure(quiet, concurrency)).perSecond);
        results.popular = Math.max(results.popular, (await measure(popular, concurrency)).perSecond);
      }
      return results;
    };
    const one = await best(1);
    const many = await best(32);
    const quiet1 = { perSecond: one.quiet };
    const popular1 = { perSecond: one.popular };
    const quiet32 = { perSecond: many.quiet };
    const popular32 = { perSecond: many.popular };
    printTable(`Likes: an article with ${POPULAR_LIKES.toLocaleString('en-US')} likes against one with ${QUIET_LIKES} (durable; a fresh handler per like: nothing cached; best of two alternated runs)`, [
      { label: `${QUIET_LIKES} likes, concurrency 1`, perSecond: quiet1.perSecond, unit: 'likes/s' },
      { label: `${POPULAR_LIKES.toLocaleString('en-US')} likes, concurrency 1`, perSecond: popular1.perSecond, unit: 'likes/s', note: `${ratio(popular1.perSecond, quiet1.perSecond)} of the quiet article` },
      { label: `${QUIET_LIKES} likes, concurrency 32`, perSecond: quiet32.perSecond, unit: 'likes/s' },
      { label: `${POPULAR_LIKES.toLocaleString('en-US')} likes, concurrency 32`, perSecond: popular32.perSecond, unit: 'likes/s', note: `${ratio(popular32.perSecond, quiet32.perSecond)} of the quiet article` },
    ]);
  } finally {
    await store.close();
  }
}

/** Two articles, their likes appended in bulk (at relaxed durability: only the measured likes need FULL). */
async function seed(file: string): Promise<{ popular: string; quiet: string }> {
  const store = new SqliteEventStore({ file, synchronous: 'normal' });
  try {
    const handler = new CommandHandler(store);
    const { id: authorId } = await registerAuthor(handler, { name: 'Ada' });
    const article = async (title: string) => (await publishArticle(handler, { authorId, title, content: 'x'.repeat(200) })).id;
    const popular = await article('A very popular article');
    const quiet = await article('A quiet little article');
    const like = (articleId: string, userId: string) =>
      store.appendToStream(articleLikeStream(articleId, userId), [{ type: 'ArticleLiked', data: { articleId, userId, likedAt: new Date().toISOString() } }], {
        expectedRevision: 'no_stream',
      });
    for (let i = 0; i < POPULAR_LIKES; i += 1_000) await Promise.all(Array.from({ length: 1_000 }, (_, j) => like(popular, `seed-${i + j}`)));
    await Promise.all(Array.from({ length: QUIET_LIKES }, (_, i) => like(quiet, `seed-${i}`)));
    return { popular, quiet };
  } finally {
    await store.close();
  }
}
