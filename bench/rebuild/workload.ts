/**
 * The rebuild workload: a deterministic mix of the seed's three domains, in `$all` order, as a
 * shop, a blog and a catalogue would write them. Every contender rebuilds from these same
 * events. References are always to entities created earlier, so every event applies.
 */
export interface WorkloadEvent {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** Share of each kind of event, in per mille. */
const MIX: [string, number][] = [
  ['CustomerRegistered', 20],
  ['OrderCreated', 180],
  ['AuthorRegistered', 2],
  ['ArticlePublished', 48],
  ['ArticleLiked', 400],
  ['ProductCreated', 20],
  ['ProductUpdated', 80],
  ['StockUpdated', 150],
  ['ProductReviewed', 100],
];

const WORDS = 'fast light quiet wireless mechanical ergonomic compact premium durable smart portable classic modern solid silver black'.split(' ');
const NOUNS = 'keyboard mouse laptop monitor headphones speaker camera tablet charger router printer microphone desk chair lamp'.split(' ');
const CATEGORIES = ['electronics', 'office', 'audio', 'computing', 'accessories', 'home'];

export function* workload(total: number, seed = 42): Generator<WorkloadEvent> {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const customers: string[] = [];
  const authors: string[] = [];
  const articles: string[] = [];
  const products: string[] = [];
  const time = Date.UTC(2026, 0, 1);
  const at = (n: number) => new Date(time + n * 1000).toISOString();
  const weights = MIX.reduce((sum, [, w]) => sum + w, 0);

  for (let n = 0; n < total; n += 1) {
    let roll = random() * weights;
    let kind = MIX[0]![0];
    for (const [type, weight] of MIX) {
      if ((roll -= weight) < 0) {
        kind = type;
        break;
      }
    }
    if (kind === 'OrderCreated' && customers.length === 0) kind = 'CustomerRegistered';
    if ((kind === 'ArticlePublished') && authors.length === 0) kind = 'AuthorRegistered';
    if (kind === 'ArticleLiked' && articles.length === 0) kind = authors.length === 0 ? 'AuthorRegistered' : 'ArticlePublished';
    if ((kind === 'ProductUpdated' || kind === 'StockUpdated' || kind === 'ProductReviewed') && products.length === 0) kind = 'ProductCreated';

    switch (kind) {
      case 'CustomerRegistered': {
        const customerId = `c${n}`;
        customers.push(customerId);
        yield { stream: `customer-${customerId}`, type: kind, data: { customerId, name: `Customer ${n}`, email: `customer${n}@example.com`, registeredAt: at(n) } };
        break;
      }
      case 'OrderCreated': {
        const orderId = `o${n}`;
        const customerId = pick(customers);
        const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ productId: `p${Math.floor(random() * 1000)}`, quantity: 1 + Math.floor(random() * 3), unitPrice: Math.round(random() * 20000) / 100 }));
        const total = Math.round(items.reduce((s, i) => s + i.quantity * i.unitPrice, 0) * 100) / 100;
        yield {
          stream: `order-${orderId}`,
          type: kind,
          data: { orderId, customerId, customerName: `Customer ${customerId.slice(1)}`, customerEmail: `customer${customerId.slice(1)}@example.com`, items, total, status: 'PENDING', createdAt: at(n) },
        };
        break;
      }
      case 'AuthorRegistered': {
        const authorId = `a${n}`;
        authors.push(authorId);
        yield { stream: `author-${authorId}`, type: kind, data: { authorId, name: `Author ${n}`, avatarUrl: `https://example.com/a${n}.png`, registeredAt: at(n) } };
        break;
      }
      case 'ArticlePublished': {
        const articleId = `art${n}`;
        const authorId = pick(authors);
        articles.push(articleId);
        const content = Array.from({ length: 60 }, () => pick(WORDS)).join(' ');
        yield {
          stream: `article-${articleId}`,
          type: kind,
          data: { articleId, authorId, authorName: `Author ${authorId.slice(1)}`, authorAvatar: `https://example.com/${authorId}.png`, title: `On ${pick(WORDS)} ${pick(NOUNS)}s`, content, tags: [pick(WORDS), pick(CATEGORIES)], publishedAt: at(n) },
        };
        break;
      }
      case 'ArticleLiked': {
        const articleId = pick(articles);
        yield { stream: `article-${articleId}`, type: kind, data: { articleId, userId: `u${n}`, likedAt: at(n) } };
        break;
      }
      case 'ProductCreated': {
        const productId = `p${n}`;
        products.push(productId);
        yield {
          stream: `product-${productId}`,
          type: kind,
          data: { productId, name: `${pick(WORDS)} ${pick(NOUNS)}`, description: `A ${pick(WORDS)} ${pick(NOUNS)} that is ${pick(WORDS)} and ${pick(WORDS)}`, price: Math.round(random() * 100000) / 100, category: pick(CATEGORIES), stock: Math.floor(random() * 20), createdAt: at(n) },
        };
        break;
      }
      case 'ProductUpdated': {
        const productId = pick(products);
        yield { stream: `product-${productId}`, type: kind, data: { productId, price: Math.round(random() * 100000) / 100, updatedAt: at(n) } };
        break;
      }
      case 'StockUpdated': {
        const productId = pick(products);
        yield { stream: `product-${productId}`, type: kind, data: { productId, stock: Math.floor(random() * 20), previousStock: 0, updatedAt: at(n) } };
        break;
      }
      default: {
        const productId = pick(products);
        yield { stream: `product-${productId}`, type: 'ProductReviewed', data: { productId, userId: `u${n}`, rating: 1 + Math.floor(random() * 5), reviewedAt: at(n) } };
      }
    }
  }
}
