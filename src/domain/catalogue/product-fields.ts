import { requireAmount, requireText } from '../rules.js';

/** The checks on a product's descriptive fields, shared by create and update. */
export const productFields = {
  name: (value: unknown) => requireText('name', value, 200),
  description: (value: unknown) => (value === '' ? '' : requireText('description', value, 10_000)),
  price: (value: unknown) => requireAmount('price', value),
  category: (value: unknown) => requireText('category', value, 100).toLowerCase(),
};
