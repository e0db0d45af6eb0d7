/**
 * The commands the page can send (see the API's command table), each with a fresh example
 * body. `ids` holds the ids the API last answered with, so that examples chain: an order for
 * the last customer registered here, a like of the last article published.
 */
export const COMMANDS = [
  {
    name: 'Add a product',
    path: () => '/api/products',
    body: () => ({ name: `${pick(PRODUCTS)} ${serial()}`, description: 'Added from the dashboard', price: amount(5, 300), category: pick(CATEGORIES), stock: whole(1, 50) }),
  },
  { name: 'Register a customer', path: () => '/api/customers', body: () => person() },
  {
    name: 'Place an order',
    path: () => '/api/orders',
    body: (ids) => ({ customerId: ids.customerId ?? 'REGISTER_A_CUSTOMER_FIRST', items: [{ productId: ids.productId ?? 'p-1', quantity: whole(1, 4), unitPrice: amount(5, 90) }] }),
  },
  { name: 'Register an author', path: () => '/api/authors', body: () => ({ name: person().name }) },
  {
    name: 'Publish an article',
    path: () => '/api/articles',
    body: (ids) => ({
      authorId: ids.authorId ?? 'REGISTER_AN_AUTHOR_FIRST',
      title: `${pick(TOPICS)}, part ${serial()}`,
      content: 'Read models are caches of the event log: rebuilt from zero at will, checkpointed, and never the source of truth. '.repeat(2),
      tags: ['dashboard', pick(['cqrs', 'events', 'sqlite'])],
    }),
  },
  { name: 'Like an article', path: (ids) => `/api/articles/${ids.articleId ?? 'PUBLISH_AN_ARTICLE_FIRST'}/likes`, body: () => ({ userId: `user-${serial()}` }) },
  { name: 'Change a product’s stock', path: (ids) => `/api/products/${ids.productId ?? 'ADD_A_PRODUCT_FIRST'}/stock`, body: () => ({ stock: whole(0, 100) }) },
  { name: 'Review a product', path: (ids) => `/api/products/${ids.productId ?? 'ADD_A_PRODUCT_FIRST'}/reviews`, body: () => ({ userId: `user-${serial()}`, rating: whole(1, 5) }) },
];

const PRODUCTS = ['Espresso grinder', 'Pour-over kettle', 'Linen apron', 'Cast-iron pan', 'Chef’s knife', 'Bread tin'];
const CATEGORIES = ['kitchen', 'coffee', 'baking'];
const TOPICS = ['Read-your-writes without polling', 'Rebuilding a projection beside the live one', 'What a checkpoint promises'];
const FIRST = ['Ana', 'Bruno', 'Chiara', 'Dmitri', 'Esther', 'Farid'];
const LAST = ['Pérez', 'Costa', 'Rossi', 'Ivanov', 'Cohen', 'Haddad'];

function pick(values) {
  return values[Math.floor(Math.random() * values.length)];
}

function whole(min, max) {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function amount(min, max) {
  return Math.round((min + Math.random() * (max - min)) * 100) / 100;
}

function serial() {
  return Math.floor(Math.random() * 9000 + 1000);
}

function person() {
  const [first, last] = [pick(FIRST), pick(LAST)];
  return { name: `${first} ${last}`, email: `${first}.${serial()}@example.com`.toLowerCase() };
}
