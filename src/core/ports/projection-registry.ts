export type GenerationState = 'building' | 'live' | 'retired' | 'failed' | 'cancelled';

export interface GenerationRecord {
  readonly projection: string;
  readonly generation: number;
  /** The projection's code version this generation was built with. */
  readonly version: number;
  readonly state: GenerationState;
  readonly createdAt: Date;
  readonly switchedAt: Date | undefined;
  readonly error: string | undefined;
}

/**
 * Which generation of each projection is live, and which are being built. Shared by every
 * process of a deployment.
 *
 * An adapter must guarantee:
 * - At most one generation of a projection is live, and at most one is building; `begin`
 *   raises `RebuildInProgressError` otherwise.
 * - `switchTo` makes a building generation live and retires the old one in one atomic step:
 *   no reader ever sees none, or both.
 * - `onChange` listeners hear of changes made by any process, without polling in a loop.
 */
export interface ProjectionRegistry {
  list(projection?: string): Promise<GenerationRecord[]>;
  /** Starts building the next generation; the first one of a projection goes live at once. */
  begin(projection: string, version: number): Promise<GenerationRecord>;
  switchTo(projection: string, generation: number): Promise<void>;
  /** Ends a building generation without switching to it. */
  abandon(projection: string, generation: number, state: 'failed' | 'cancelled', error?: string): Promise<void>;
  /** Forgets a retired, failed or cancelled generation once its documents are dropped. */
  forget(projection: string, generation: number): Promise<void>;
  onChange(listener: () => void): () => void;
}
