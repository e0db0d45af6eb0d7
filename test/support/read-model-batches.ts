import { randomBytes, randomUUID } from 'node:crypto';
import type { JsonObject } from '../../src/core/events.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { collectionsOf, type Projection, type ProjectionTarget } from '../../src/core/projections/projection.js';
import type { Batch, ParkedEvent, ReadModelStore } from '../../src/core/ports/read-model-store.js';
import { maxPosition, position, type Position } from '../../src/core/position.js';

/** Helpers for the read-model contract suites: batches, positions, projections under unique names. */

export type TargetKind = ProjectionTarget['kind'];

/** One document as a batch writes it: a tombstone when its body is null. */
export interface Entry {
  readonly id: string;
  readonly body: JsonObject | null;
  readonly position: Position;
  readonly late?: readonly Position[];
}

export interface BatchOptions {
  readonly basedOn: number;
  /** The batch's checkpoint; by default, the last position of its documents. */
  readonly checkpoint?: Position;
  readonly parked?: readonly ParkedEvent[];
  readonly unparked?: readonly Position[];
}

export function batchOf(collection: string, entries: readonly Entry[], options: BatchOptions): Batch {
  const checkpoint = options.checkpoint ?? entries.map((entry) => entry.position).reduce<Position | undefined>((a, b) => (a ? maxPosition(a, b) : b), undefined);
  if (!checkpoint) throw new Error('a batch without documents needs an explicit checkpoint');
  return {
    writes: entries.map((entry) => ({ collection, document: { id: entry.id, body: entry.body, position: entry.position, late: entry.late ?? [] } })),
    deltas: [],
    checkpoint,
    basedOn: options.basedOn,
    parked: options.parked ?? [],
    unparked: options.unparked ?? [],
    documentIds: entries.map((entry) => entry.id),
    ...correlated(entries.map((entry) => entry.id)),
  };
}

/** Commits the entries to the generation's one collection, based on its current commit count. */
export async function commitEntries(store: ReadModelStore, generation: Generation, entries: readonly Entry[], options: Partial<BatchOptions> = {}): Promise<void> {
  const { commits } = await store.checkpoint(generation);
  const [collection] = collectionsOf(generation.projection);
  await store.commit(generation, batchOf(collection!, entries, { basedOn: commits, ...options }));
}

export function parkedEvent(at: Position, n: number): ParkedEvent {
  return {
    position: at,
    streamId: `order-${n}`,
    eventId: randomUUID(),
    eventType: 'OrderPlaced',
    error: `handler failed on order ${n}`,
    attempts: n + 2,
    parkedAt: new Date(Date.UTC(2024, 0, n, 12, 30, 15, 123)),
  };
}

/** Positions that grow with each call, as events in `$all` do. */
export function positions(): () => Position {
  let last = 0n;
  return () => {
    last += 1n;
    return position(last);
  };
}

/** A projection under a name no other test uses, so that tests may share one server. */
export function uniqueProjection(target: ProjectionTarget): Projection {
  return { name: `T${randomBytes(6).toString('hex')}`, version: 1, target, handlers: { Ignored: () => undefined } };
}

export function storeTarget(kind: TargetKind): ProjectionTarget {
  return kind === 'documents'
    ? { kind, collections: { items: { indexes: [{ fields: ['rank'] }] } } }
    : { kind, collection: 'items', fields: { title: { type: 'text' }, rank: { type: 'number', filterable: true, sortable: true } } };
}

export function byId(a: JsonObject, b: JsonObject): number {
  return String(a.id).localeCompare(String(b.id));
}

function correlated(documentIds: string[]): Pick<Batch, 'correlationIds' | 'correlations'> {
  const correlationId = randomUUID();
  return { correlationIds: [correlationId], correlations: [{ correlationId, documentIds }] };
}
