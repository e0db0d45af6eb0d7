import type { CreateProduct } from '../../domain/catalogue/create-product.js';
import type { SeededRandom } from './seeded-random.js';

/** Per category: what it sells, and the price range of one unit. */
const CATEGORIES: Readonly<Record<string, { readonly nouns: readonly string[]; readonly price: readonly [number, number] }>> = {
  kitchen: { nouns: ['Crêpe Pan', 'Moka Pot', 'Chef’s Knife', 'Fondue Set', 'Paella Pan', 'Tagine', 'Pepper Mill', 'Crème Brûlée Torch'], price: [12, 180] },
  coffee: { nouns: ['Café de Olla Beans', 'Espresso Roast', 'Kenyan AA Beans', 'Décaf Blend', 'Cold Brew Kit', 'Milk Frother'], price: [8, 60] },
  books: { nouns: ['Cookbook', 'Field Guide', 'Atlas', 'Novel', 'Poetry Collection', 'Travel Journal'], price: [9, 45] },
  outdoors: { nouns: ['Rucksack', 'Trail Shoes', 'Tent', 'Sleeping Bag', 'Headlamp', 'Trekking Poles', 'Thermos'], price: [15, 320] },
  home: { nouns: ['Throw Blanket', 'Table Lamp', 'Side Table', 'Candle Set', 'Linen Cushion', 'Wall Clock', 'Piñata'], price: [10, 250] },
  garden: { nouns: ['Watering Can', 'Pruning Shears', 'Herb Planter', 'Bird Feeder', 'Hammock', 'Seed Collection'], price: [6, 140] },
  toys: { nouns: ['Wooden Train', 'Puzzle', 'Kite', 'Building Blocks', 'Marionette', 'Board Game'], price: [7, 90] },
  apparel: { nouns: ['Wool Scarf', 'Rain Jacket', 'Beret', 'Linen Shirt', 'Knit Sweater', 'Espadrilles'], price: [14, 210] },
};

const BRANDS = ['Maison Lefèvre', 'Café Niño', 'Björk & Søn', 'Müller & Töchter', 'Señora Pilar', 'Atelier Hélène', 'Nordkap', 'Øresund', 'Crème Co.', 'Zürich Works'];
const ADJECTIVES = ['Rustic', 'Compact', 'Deluxe', 'Nordic', 'Provençal', 'Artisanal', 'Classic', 'Handmade', 'Lightweight', 'Vintage', 'Organic', 'Everyday'];
const QUALITIES = ['built to last', 'made in small batches', 'a customer favourite', 'designed in Málaga', 'sourced from family farms', 'tested on the Camino de Santiago'];

/** A made-up product of a made-up brand, priced as its category is; about one in ten is out of stock. */
export function demoProduct(random: SeededRandom): Required<Omit<CreateProduct, 'productId'>> {
  const category = random.pick(Object.keys(CATEGORIES));
  const { nouns, price } = CATEGORIES[category]!;
  const noun = random.pick(nouns);
  const adjective = random.pick(ADJECTIVES);
  const brand = random.pick(BRANDS);
  const cents = random.int(price[0] * 100, price[1] * 100);
  return {
    name: `${brand} ${adjective} ${noun}`,
    description: `A ${adjective.toLowerCase()} ${noun.toLowerCase()} by ${brand}, ${random.pick(QUALITIES)}.`,
    // Prices end in .99, .50 or .00, as shop prices do.
    price: Math.floor(cents / 100) + random.pick([0.99, 0.5, 0]),
    category,
    stock: random.chance(0.1) ? 0 : random.int(1, 500),
  };
}
