import { COMMAND_TABLE, type CommandKind } from './command-table.js';
import type { EntityPool } from './entity-pool.js';
import type { PlannedCommand } from './planned-command.js';

/** Relative weights: likes and orders dominate, as on a shop with a blog; every route gets its share. */
export const DEFAULT_WEIGHTS: Record<CommandKind, number> = {
  registerCustomer: 6,
  registerAuthor: 2,
  createOrder: 20,
  publishArticle: 6,
  likeArticle: 30,
  repeatLike: 0,
  createProduct: 6,
  updateProduct: 6,
  updateStock: 12,
  reviewProduct: 12,
};

/** What a command needs to exist first: planned instead while the pool has none. */
const NEEDS: Partial<Record<CommandKind, CommandKind>> = {
  createOrder: 'registerCustomer',
  publishArticle: 'registerAuthor',
  likeArticle: 'publishArticle',
  repeatLike: 'likeArticle',
  updateProduct: 'createProduct',
  updateStock: 'createProduct',
  reviewProduct: 'createProduct',
};

/** Picks the next write by weight, from what the pool holds. */
export class CommandMix {
  private readonly kinds: [CommandKind, number][];
  private readonly total: number;

  constructor(
    readonly pool: EntityPool,
    weights: Record<CommandKind, number> = DEFAULT_WEIGHTS,
  ) {
    this.kinds = Object.entries(weights).filter(([, weight]) => weight > 0) as [CommandKind, number][];
    this.total = this.kinds.reduce((sum, [, weight]) => sum + weight, 0);
  }

  next(): PlannedCommand {
    let roll = this.pool.random() * this.total;
    const [kind] = this.kinds.find(([, weight]) => (roll -= weight) < 0) ?? this.kinds[0]!;
    return this.plan(kind);
  }

  plan(kind: CommandKind): PlannedCommand {
    return COMMAND_TABLE[kind](this.pool) ?? this.plan(NEEDS[kind]!);
  }
}
