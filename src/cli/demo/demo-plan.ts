import { randomUUID } from 'node:crypto';
import type { LikeArticle } from '../../domain/blog/like-article.js';
import type { PublishArticle } from '../../domain/blog/publish-article.js';
import type { RegisterAuthor } from '../../domain/blog/register-author.js';
import type { CreateProduct } from '../../domain/catalogue/create-product.js';
import type { RegisterCustomer } from '../../domain/customers/register-customer.js';
import type { CreateOrder } from '../../domain/orders/create-order.js';
import { demoArticle } from './demo-article.js';
import { demoPerson } from './demo-person.js';
import { demoProduct } from './demo-product.js';
import { SeededRandom } from './seeded-random.js';

/** How many of each to create. Authors write the articles; customers place the orders and give the likes. */
export interface DemoCounts {
  readonly customers: number;
  readonly authors: number;
  readonly products: number;
  readonly articles: number;
  readonly orders: number;
  readonly likes: number;
}

/** Every command of a demo, with the ids it creates already chosen, so that later commands can name them. */
export interface DemoPlan {
  readonly customers: readonly (RegisterCustomer & { customerId: string })[];
  readonly authors: readonly (RegisterAuthor & { authorId: string })[];
  readonly products: readonly (CreateProduct & { productId: string })[];
  readonly articles: readonly (PublishArticle & { articleId: string })[];
  readonly orders: readonly CreateOrder[];
  readonly likes: readonly LikeArticle[];
}

/**
 * The demo's commands, all decided before any runs: the same seed gives the same names, emails,
 * products, articles, baskets and likes whatever the concurrency. Ids are fresh UUIDs, so that
 * seeding the same store twice adds a second set instead of colliding with the first. The counts
 * must fit together (an order needs a customer and a product, ...): `seedDemoOptions` checks that.
 */
export function demoPlan(counts: DemoCounts, seed: number): DemoPlan {
  const random = new SeededRandom(seed);
  const emails = new Set<string>();
  const customers = times(counts.customers, () => ({ customerId: randomUUID(), ...demoPerson(random, emails) }));
  const authors = times(counts.authors, () => {
    const { name, email } = demoPerson(random, emails);
    return { authorId: randomUUID(), name, avatarUrl: `https://avatars.example.com/${email.split('@')[0]}.png` };
  });
  const products = times(counts.products, () => ({ productId: randomUUID(), ...demoProduct(random) }));
  const articles = times(counts.articles, () => ({ articleId: randomUUID(), authorId: authors[random.skewed(authors.length)]!.authorId, ...demoArticle(random) }));
  const orders = times(counts.orders, () => {
    const basket = distinctIndexes(random, products.length, random.int(1, Math.min(4, products.length)));
    return {
      customerId: customers[random.skewed(customers.length)]!.customerId,
      items: basket.map((index) => ({ productId: products[index]!.productId, quantity: random.chance(0.7) ? 1 : random.int(2, 3), unitPrice: products[index]!.price })),
    };
  });
  const likes = likePairs(random, counts.likes, articles.length, customers.length).map(([article, customer]) => ({
    articleId: articles[article]!.articleId,
    userId: customers[customer]!.customerId,
  }));
  return { customers, authors, products, articles, orders, likes };
}

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

/** `count` distinct indexes below `size`, the popular (low) ones more often. */
function distinctIndexes(random: SeededRandom, size: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.chance(0.6) ? random.skewed(size) : random.int(0, size - 1));
  return [...chosen];
}

/**
 * `count` distinct (article, customer) pairs: a customer likes an article once. Popular articles
 * draw most likes; once a popular article's likers run short, the next free pair is taken.
 */
function likePairs(random: SeededRandom, count: number, articles: number, customers: number): [number, number][] {
  const taken = new Set<number>();
  const pairs: [number, number][] = [];
  const all = articles * customers;
  while (pairs.length < count) {
    let pair = random.skewed(articles) * customers + random.int(0, customers - 1);
    for (let attempt = 0; taken.has(pair) && attempt < 8; attempt++) pair = random.skewed(articles) * customers + random.int(0, customers - 1);
    while (taken.has(pair)) pair = (pair + 1) % all;
    taken.add(pair);
    pairs.push([Math.floor(pair / customers), pair % customers]);
  }
  return pairs;
}
