import type { DomainEvent } from '../../core/commands/aggregate.js';
import { streamPart } from '../stream-part.js';

export type ProductCreated = DomainEvent<
  'ProductCreated',
  { productId: string; name: string; description: string; price: number; category: string; stock: number; createdAt: string }
>;

/** Only the fields that changed are present. */
export type ProductUpdated = DomainEvent<
  'ProductUpdated',
  { productId: string; name?: string; description?: string; price?: number; category?: string; updatedAt: string }
>;

export type StockUpdated = DomainEvent<'StockUpdated', { productId: string; stock: number; previousStock: number; updatedAt: string }>;

export type ProductReviewed = DomainEvent<
  'ProductReviewed',
  { productId: string; userId: string; rating: number; reviewedAt: string }
>;

export type ProductEvent = ProductCreated | ProductUpdated | StockUpdated | ProductReviewed;

export const productStream = (productId: string) => `product-${productId}`;

/** One stream per product and user, as likes have: a review is appended there at `no_stream`. */
export const productReviewStream = (productId: string, userId: string) => `productReview-${streamPart('productId', productId)}:${streamPart('userId', userId)}`;
