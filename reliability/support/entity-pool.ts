/**
 * What the load has created so far and the API accepted: the ids later commands refer to.
 * Only ids from a 202 go in, so a command never names something that was never written.
 */
export class EntityPool {
  readonly customers: string[] = [];
  readonly authors: string[] = [];
  readonly articles: string[] = [];
  readonly products: string[] = [];
  /** Accepted likes, `articleId` and `userId`: a second like by the same user must be refused. */
  readonly likes: { articleId: string; userId: string }[] = [];
  private serial = 0;

  constructor(
    /** Distinguishes this run's users and names from any other's. */
    readonly runId: string,
    readonly random: () => number,
  ) {}

  /** A new number each call: for user ids and names that must not repeat. */
  next(): number {
    this.serial += 1;
    return this.serial;
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.random() * items.length)];
  }

  /**
   * The article a like goes to: mostly one of the first few articles, so that many users like
   * the same article at once and the command handler's retry on a concurrent write is exercised.
   */
  likedArticle(hotArticles: number, hotShare: number): string | undefined {
    const hot = this.articles.slice(0, hotArticles);
    return this.random() < hotShare ? this.pick(hot) : this.pick(this.articles);
  }
}
