import { array, number, object, optional, string } from '../validation/schema.js';

const id = string({ max: 100 });
const name = string({ max: 200 });
const money = number({ min: 0, max: 1e9 });

/** The body of each write, one schema per route: types and ranges. Business rules stay in the domain (422). */
export const commandSchemas = {
  registerCustomer: object({ name, email: string({ max: 320 }) }),
  createOrder: object({
    customerId: id,
    items: array(object({ productId: id, quantity: number({ min: 1, max: 10_000, integer: true }), unitPrice: money }), { max: 100 }),
  }),
  registerAuthor: object({ name, avatarUrl: optional(string({ max: 2_000 })) }),
  publishArticle: object({
    authorId: id,
    title: string({ max: 300 }),
    content: string({ max: 200_000 }),
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
  updateProduct: object({
    name: optional(name),
    description: optional(string({ min: 0, max: 10_000 })),
    price: optional(money),
    category: optional(string({ max: 100 })),
  }),
  updateStock: object({ stock: number({ min: 0, max: 1e9, integer: true }) }),
  reviewProduct: object({ userId: id, rating: number({ min: 1, max: 5, integer: true }) }),
};
