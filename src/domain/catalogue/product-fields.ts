import { money, trimmed } from '../rules.js';

/** The checks on a product's descriptive fields, shared by create and update. */
export const productFields = {
  name: (value: string) => trimmed('name', value),
  description: (value: string) => (value === '' ? '' : trimmed('description', value)),
  price: (value: number) => money('price', value),
  category: (value: string) => trimmed('category', value).toLowerCase(),
};
