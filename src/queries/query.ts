import type { Projection } from '../core/projections/projection.js';

/** One read, ready to run: its arguments are given. */
export interface BoundQuery<Result> {
  /** The projections the read comes from: a read given a write waits for those of them that handle it. */
  readonly projections: readonly Projection[];
  run(): Promise<Result>;
}

/** A read of the read models, and the projections that answer it. */
export interface Query<Args extends unknown[], Result> {
  readonly projections: readonly Projection[];
  with(...args: Args): BoundQuery<Result>;
}

export function query<Args extends unknown[], Result>(projections: readonly Projection[], run: (...args: Args) => Promise<Result>): Query<Args, Result> {
  return { projections, with: (...args) => ({ projections, run: () => run(...args) }) };
}
