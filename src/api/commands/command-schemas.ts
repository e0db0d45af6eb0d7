import { array, described, number, object, optional, string } from '../validation/schema.js';

const id = string({ max: 100 });
const name = string({ max: 200 });
const money = number({ min: 0, max: 1e9 });

/** The body of each write, one schema per route: types and ranges. Business rules stay in the domain (422). */
export const commandSchemas = {
  /** The `:id` in the path of a write that addresses an entity. */
  pathId: id,
  registerCustomer: object({ name, email: described(string({ max: 320 }), 'An email address (the domain checks it).', { format: 'email' }) }),
  createOrder: object({
    customerId: id,
    items: described(
      array(object({ productId: id, quantity: number({ min: 1, max: 10_000, integer: true }), unitPrice: money }), { max: 100 }),
      'At least one item (the domain rule order.items-not-empty: 422).',
    ),
  }),
  registerAuthor: object({ name, avatarUrl: optional(described(string({ max: 2_000 }), 'An http(s) URL (the domain checks it).', { format: 'uri' })) }),
  publishArticle: object({
    authorId: id,
    title: described(string({ max: 300 }), 'At least 10 characters once trimmed (the domain rule article.title-min-length: 422).'),
    content: described(string({ max: 200_000 }), 'At least 100 characters once trimmed (the domain rule article.content-min-length: 422).'),
    tags: optional(array(string({ max: 50 }), { max: 20 })),
  }),
  likeArticle: object({ userId: id }),
  createProduct: object({
    name,
    description: optional(string({ min: 0, max: 10_000 })),
    price: money,
    category: string({ max: 100 }),
    stock: optional(number({ min: 0, max: 1e9, integer: true })),
  }),
  updateProduct: described(
    object({
      name: optional(name),
      description: optional(string({ min: 0, max: 10_000 })),
      price: optional(money),
      category: optional(string({ max: 100 })),
    }),
    'At least one field to change (the domain checks it).',
    { minProperties: 1 },
  ),
  updateStock: object({ stock: number({ min: 0, max: 1e9, integer: true }) }),
  reviewProduct: object({ userId: id, rating: number({ min: 1, max: 5, integer: true }) }),
};
