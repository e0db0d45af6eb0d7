import type { Platform } from '../../composition/compose.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import { likeArticle } from '../../domain/blog/like-article.js';
import { publishArticle } from '../../domain/blog/publish-article.js';
import { registerAuthor } from '../../domain/blog/register-author.js';
import { createProduct } from '../../domain/catalogue/create-product.js';
import { registerCustomer } from '../../domain/customers/register-customer.js';
import { createOrder } from '../../domain/orders/create-order.js';
import { demoPlan, type DemoPlan } from '../demo/demo-plan.js';
import { runConcurrently } from '../demo/run-concurrently.js';
import type { SeedDemoOptions } from '../demo/seed-demo-options.js';
import { ProgressBar } from '../progress-bar.js';

/**
 * `seed-demo`: creates a demo's customers, authors, products, articles, orders and likes by
 * running the domain's commands through the platform's command handler, as the API's routes
 * do, so every rule holds and every event carries its correlation and causation ids. Commands
 * run `concurrency` at a time, in three waves so that each names only what already exists:
 * people and products, then articles and orders, then likes. Progress goes to stderr; what was
 * created, and how fast, to stdout. A failed command stops the run (exit 1); the commands that
 * ran before it stay written, as they would through the API.
 */
export async function seedDemoCommand(platform: Platform, options: SeedDemoOptions): Promise<number> {
  const plan = demoPlan(options.counts, options.seed);
  const waves = wavesOf(plan, platform.commandHandler);
  const total = waves.reduce((sum, wave) => sum + wave.length, 0);
  const bar = new ProgressBar('seed-demo', { unit: 'commands' });
  let done = 0;
  const settled = () => {
    done++;
    bar.update(done, total, done / Math.max(bar.elapsed(), 0.001));
  };
  try {
    for (const wave of waves) await runConcurrently(wave, options.concurrency, settled);
  } catch (error) {
    bar.done(`seed-demo: stopped after ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} commands: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const seconds = bar.elapsed();
  bar.done();
  console.log(summaryOf(plan, options, seconds));
  return 0;
}

function wavesOf(plan: DemoPlan, handler: CommandHandler): (() => Promise<unknown>)[][] {
  return [
    [
      ...plan.customers.map((command) => () => registerCustomer(handler, command)),
      ...plan.authors.map((command) => () => registerAuthor(handler, command)),
      ...plan.products.map((command) => () => createProduct(handler, command)),
    ],
    [...plan.articles.map((command) => () => publishArticle(handler, command)), ...plan.orders.map((command) => () => createOrder(handler, command))],
    plan.likes.map((command) => () => likeArticle(handler, command)),
  ];
}

function summaryOf(plan: DemoPlan, options: SeedDemoOptions, seconds: number): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const items = plan.orders.reduce((sum, order) => sum + order.items.length, 0);
  const tags = new Set(plan.articles.flatMap((article) => article.tags ?? [])).size;
  const categories = new Set(plan.products.map((product) => product.category)).size;
  const commands = plan.customers.length + plan.authors.length + plan.products.length + plan.articles.length + plan.orders.length + plan.likes.length;
  return [
    `Created ${n(plan.customers.length)} customers, ${n(plan.authors.length)} authors, ${n(plan.products.length)} products (${categories} categories),`,
    `${n(plan.articles.length)} articles (${tags} tags), ${n(plan.orders.length)} orders (${n(items)} lines) and ${n(plan.likes.length)} likes:`,
    `${n(commands)} commands in ${seconds.toFixed(1)}s, ${n(Math.round(commands / Math.max(seconds, 0.001)))} commands/s (seed ${options.seed}, concurrency ${options.concurrency}).`,
    'The projections catch up wherever workers run: npm start, or projectionist worker.',
  ].join('\n');
}
