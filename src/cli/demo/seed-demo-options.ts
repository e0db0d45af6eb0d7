import { UsageError } from '../usage-error.js';
import type { DemoCounts } from './demo-plan.js';

/** What `seed-demo` creates, from what seed, how many commands at once. */
export interface SeedDemoOptions {
  readonly counts: DemoCounts;
  readonly seed: number;
  readonly concurrency: number;
}

/** About 7,000 commands: a few seconds on the embedded store, enough to make every read model worth looking at. */
const DEFAULTS: DemoCounts = { customers: 300, authors: 25, products: 200, articles: 400, orders: 2000, likes: 4000 };

/**
 * The options of `seed-demo` from its command line: every count a whole number (the defaults
 * times `--scale` where not given), and counts that fit together, since an order needs a
 * customer and a product, an article an author, a like an article and a customer who has not
 * liked it yet. Anything else is a UsageError naming the option.
 */
export function seedDemoOptions(values: Readonly<Record<string, string | boolean | undefined>>): SeedDemoOptions {
  const scale = numberOf(values, 'scale', 1, { min: 0, whole: false });
  const counts = Object.fromEntries(
    (Object.keys(DEFAULTS) as (keyof DemoCounts)[]).map((key) => [key, numberOf(values, key, Math.round(DEFAULTS[key] * scale), { min: 0, whole: true })]),
  ) as unknown as DemoCounts;
  if (counts.orders > 0 && (counts.customers === 0 || counts.products === 0)) throw new UsageError('seed-demo: orders need at least one customer and one product');
  if (counts.articles > 0 && counts.authors === 0) throw new UsageError('seed-demo: articles need at least one author');
  if (counts.likes > counts.articles * counts.customers) {
    throw new UsageError(`seed-demo: ${counts.likes} likes need more articles or customers (each customer likes an article once: at most ${counts.articles * counts.customers})`);
  }
  return {
    counts,
    seed: numberOf(values, 'seed', 1, { min: 0, whole: true }),
    concurrency: numberOf(values, 'concurrency', 64, { min: 1, whole: true }),
  };
}

function numberOf(values: Readonly<Record<string, unknown>>, name: string, fallback: number, rule: { min: number; whole: boolean }): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  const fits = typeof text === 'string' && text.trim() !== '' && Number.isFinite(value) && value >= rule.min && (!rule.whole || Number.isSafeInteger(value));
  if (!fits) throw new UsageError(`seed-demo: --${name} must be ${rule.whole ? 'a whole number' : 'a number'} of at least ${rule.min}, not ${String(text)}`);
  return value;
}
