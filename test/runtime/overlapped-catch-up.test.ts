import { expect } from 'chai';
import { join } from 'node:path';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { SqliteReadModelStore } from '../../src/adapters/sqlite/read-models/sqlite-read-model-store.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { InProcessChangeNotifier } from '../../src/core/consistency/in-process-change-notifier.js';
import type { RecordedEvent } from '../../src/core/events.js';
import type { Projection } from '../../src/core/projections/projection.js';
import type { Batch, ReadModelStore } from '../../src/core/ports/read-model-store.js';
import type { Generation } from '../../src/core/projections/generation.js';
import { ProjectionRunner } from '../../src/core/runner/projection-runner.js';
import { eventually } from '../support/async.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { collection } from '../../src/core/projections/document-operations.js';
import { counted, tallyProjection } from '../support/tally-projection.js';

/**
 * Catching up into a store that is a server away, a runner handles the next batch while the
 * last one commits. What it must never do: commit a batch before the one it builds on, or keep
 * one built on a batch whose commit failed.
 */
describe('projection runtime: catch-up overlapping the commits of a remote store', function () {
  this.timeout(20_000);

  interface RemoteOptions {
    readonly holdFirst: boolean;
    readonly failFirst: boolean;
    readonly deltas?: boolean;
    /** Commits (by the commit count they are based on) held until released, the first time they are tried. */
    readonly holdAt?: number[];
    /** Commits that fail, the first time they are tried. */
    readonly failAt?: number[];
  }

  interface Timeline {
    readonly steps: string[];
    /** The checkpoint (its commit position) of each commit tried, in order. */
    readonly checkpoints: number[];
    /** Resolves the commit based on this many commits, when it is held. */
    readonly release: Map<number, () => void>;
  }

  /** The SQLite store presented as a remote one, whose commits wait until the test lets them through, or fail once. */
  function remoteStore(store: SqliteReadModelStore, timeline: Timeline, options: RemoteOptions): ReadModelStore {
    let first = true;
    const failing = new Set(options.failAt ?? []);
    const holding = new Set(options.holdAt ?? []);
    return new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'capabilities') return { ...target.capabilities, remote: ['documents'], deltas: options.deltas ? ['documents'] : [] };
        if (property === 'commit') {
          return async (generation: Generation, batch: Batch) => {
            timeline.steps.push(`commit ${batch.basedOn} starts`);
            timeline.checkpoints.push(Number(batch.checkpoint.commit));
            const isFirst = first;
            first = false;
            const held = (isFirst && options.holdFirst) || holding.delete(batch.basedOn);
            if (held) await new Promise<void>((resolve) => timeline.release.set(batch.basedOn, resolve));
            if (failing.delete(batch.basedOn)) {
              timeline.steps.push(`commit ${batch.basedOn} fails`);
              throw new Error('the server went away');
            }
            if (isFirst && options.failFirst) {
              timeline.steps.push(`commit ${batch.basedOn} fails`);
              throw new Error('the server went away');
            }
            await target.commit(generation, batch);
            timeline.steps.push(`commit ${batch.basedOn} done`);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The tally projection, noting in the timeline when it handles the first event of each batch of ten. */
  function noting(projection: Projection, timeline: Timeline): Projection {
    const counting = projection.handlers.Counted!;
    return {
      ...projection,
      handlers: {
        Counted: (event: RecordedEvent<never>, context) => {
          const n = (event.data as { n: number }).n;
          if (n % 10 === 1) timeline.steps.push(`handles ${n}`);
          return counting(event, context);
        },
      },
    };
  }

  async function setUp(options: RemoteOptions & { streamOf?: (n: number) => string; failOn?: number[]; events?: number }) {
    const dir = scratchDirectory('projectionist-overlap-');
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const store = new SqliteReadModelStore(new ReadModelDatabase(join(dir, 'read-models.db')));
    const timeline: Timeline = { steps: [], checkpoints: [], release: new Map() };
    const generation = { projection: noting(tallyProjection({ failOn: new Set(options.failOn ?? []) }).projection, timeline), generation: 1 };
    for (let n = 1; n <= (options.events ?? 30); n += 1) await events.appendToStream(options.streamOf?.(n) ?? 's', [counted(n)]);
    const runner = new ProjectionRunner(
      { eventStore: events, readModels: remoteStore(store, timeline, options), notifier: new InProcessChangeNotifier() },
      generation,
      { batchSize: 10, catchUpBatchSize: 10, batchWaitMs: 0, live: 'subscription' },
    );
    const tally = async (stream = 's') => (await store.load(generation, 'tallies', [stream])).get(stream)?.body as { seen: number[] } | undefined;
    const close = async () => {
      await runner.close();
      await events.close();
    };
    return { runner, store, generation, timeline, tally, close };
  }

  const oneToThirty = Array.from({ length: 30 }, (_, i) => i + 1);

  it('handles the next batches, reading what the last one wrote, while that one commits; then commits them as one, in order', async function () {
    const { runner, store, generation, timeline, tally, close } = await setUp({ holdFirst: true, failFirst: false });
    try {
      runner.start();
      await eventually(() => expect(timeline.steps).to.include('handles 21'));
      expect(timeline.steps).to.not.include('commit 0 done');
      expect(timeline.steps.filter((step) => step.startsWith('commit'))).to.deep.equal(['commit 0 starts']);
      timeline.release.get(0)!();
      await eventually(async () => expect((await tally())?.seen).to.deep.equal(oneToThirty));
      // Batches two and three were handled while the first was held: they went in one commit.
      const commits = timeline.steps.filter((step) => step.startsWith('commit'));
      expect(commits).to.deep.equal(['commit 0 starts', 'commit 0 done', 'commit 1 starts', 'commit 1 done']);
      expect(await store.checkpoint(generation)).to.deep.include({ commits: 2 });
      expect(runner.applied()).to.equal(30);
    } finally {
      await close();
    }
  });

  it('reads a document as the commit in flight left it when the batches merged since never touched it', async function () {
    // Batch one counts on stream a (its commit is held), batch two on b, batch three on a again.
    const { runner, timeline, tally, close } = await setUp({ holdFirst: true, failFirst: false, streamOf: (n) => (n <= 10 || n > 20 ? 'a' : 'b') });
    try {
      runner.start();
      await eventually(() => expect(timeline.steps).to.include('handles 21'));
      timeline.release.get(0)!();
      await eventually(async () => expect((await tally('b'))?.seen).to.have.length(10));
      await eventually(async () => expect((await tally('a'))?.seen).to.deep.equal([...oneToThirty.slice(0, 10), ...oneToThirty.slice(20)]));
    } finally {
      await close();
    }
  });

  it('parks, in a merged commit, the event a later batch could not handle, and its stream\'s events behind it', async function () {
    // Batch one counts a (held); batch two parks 15 on b and the rest of b behind it; batch three counts a again.
    const { runner, store, generation, timeline, tally, close } = await setUp({ holdFirst: true, failFirst: false, failOn: [15], streamOf: (n) => (n <= 10 || n > 20 ? 'a' : 'b') });
    try {
      runner.start();
      await eventually(() => expect(timeline.steps).to.include('handles 21'));
      timeline.release.get(0)!();
      await eventually(async () => expect((await store.checkpoint(generation)).commits).to.equal(2));
      expect((await tally('a'))?.seen).to.deep.equal([...oneToThirty.slice(0, 10), ...oneToThirty.slice(20)]);
      expect((await tally('b'))?.seen).to.deep.equal([11, 12, 13, 14]);
      const parked = await store.parked(generation);
      expect(parked.map((event) => event.streamId)).to.deep.equal(Array(6).fill('b'));
      expect(parked[0]!.error).to.equal('cannot count 15');
      expect(parked[1]!.error).to.match(/^behind parked event/);
    } finally {
      await close();
    }
  });

  it('drops the batch built on one whose commit failed, and starts over from what is stored', async function () {
    const { runner, store, generation, timeline, tally, close } = await setUp({ holdFirst: true, failFirst: true });
    try {
      runner.start();
      await eventually(() => expect(timeline.steps).to.include('handles 11'));
      timeline.release.get(0)!();
      await eventually(async () => expect((await tally())?.seen).to.deep.equal(oneToThirty));
      const commits = timeline.steps.filter((step) => step.startsWith('commit'));
      // The batch handled during the failed commit was never sent; the runner began again at batch one.
      expect(commits.slice(0, 3)).to.deep.equal(['commit 0 starts', 'commit 0 fails', 'commit 0 starts']);
      expect(commits.filter((step) => step.endsWith('done'))).to.deep.equal(['commit 0 done', 'commit 1 done', 'commit 2 done']);
      expect((await store.checkpoint(generation)).commits).to.equal(3);
    } finally {
      await close();
    }
  });

  it('merges at most 16 batches into one commit, and drops what was handled after a merged commit that failed', async function () {
    // Batch one's commit is held; the sixteen batches after it merge and wait for it; the merged
    // commit is held too while more batches are handled behind it, then fails.
    const { runner, store, generation, timeline, tally, close } = await setUp({ holdFirst: true, failFirst: false, holdAt: [1], failAt: [1], events: 200 });
    try {
      runner.start();
      await eventually(() => expect(timeline.release.has(0)).to.equal(true));
      await eventually(() => expect(timeline.steps).to.include('handles 161'));
      timeline.release.get(0)!();
      await eventually(() => expect(timeline.release.has(1)).to.equal(true));
      // Each batch is ten events at positions 1 to 200: the merged commit ends with the seventeenth.
      expect(timeline.checkpoints.slice(0, 2)).to.deep.equal([10, 170]);
      await eventually(() => expect(timeline.steps).to.include('handles 181'));
      timeline.release.get(1)!();
      await eventually(async () => expect((await tally())?.seen).to.have.length(200));
      expect((await tally())?.seen).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
      const commits = timeline.steps.filter((step) => step.startsWith('commit'));
      expect(commits.slice(0, 5)).to.deep.equal(['commit 0 starts', 'commit 0 done', 'commit 1 starts', 'commit 1 fails', 'commit 1 starts']);
      // Started over from what was stored: the retried commit 1 holds batch two alone (nothing was in flight).
      expect(timeline.checkpoints[2]).to.equal(20);
      expect((await store.checkpoint(generation)).position?.commit).to.equal(200n);
    } finally {
      await close();
    }
  });

  it('reads a document changed in place by the batch after the one that wrote it as the store holds it, not as that batch left it', async function () {
    const dir = scratchDirectory('projectionist-overlap-');
    const events = new SqliteEventStore({ file: join(dir, 'events.db') });
    const store = new SqliteReadModelStore(new ReadModelDatabase(join(dir, 'read-models.db')));
    const timeline: Timeline = { steps: [], checkpoints: [], release: new Map() };
    const counters = collection('counters');
    // Set writes the document whole; Bump only increments it (a delta, never loaded); Copy reads it and writes it whole.
    const projection: Projection = {
      name: 'Counter',
      version: 1,
      target: { kind: 'documents', collections: { counters: { indexes: [] } } },
      handlers: {
        Set: () => counters.put('c', { n: 1 }),
        Bump: () => counters.increment('c', { n: 1 }),
        Copy: async (_event, context) => counters.put('c', { n: ((await context.get('counters', 'c')) as { n: number }).n, copied: true }),
      },
    };
    const generation = { projection, generation: 1 };
    for (const type of ['Set', 'Bump', 'Copy']) await events.appendToStream('c', [{ type, data: {} }]);
    const runner = new ProjectionRunner(
      { eventStore: events, readModels: remoteStore(store, timeline, { holdFirst: true, failFirst: false, deltas: true }), notifier: new InProcessChangeNotifier() },
      generation,
      { batchSize: 1, catchUpBatchSize: 1, batchWaitMs: 0, live: 'subscription' },
    );
    try {
      runner.start();
      // The Set batch is held while the Bump batch is handled beside it, from the carried copy.
      await eventually(() => expect(timeline.release.has(0)).to.equal(true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      timeline.release.get(0)!();
      await eventually(async () => expect((await store.checkpoint(generation)).commits).to.equal(3));
      expect((await store.load(generation, 'counters', ['c'])).get('c')?.body).to.deep.equal({ n: 2, copied: true });
    } finally {
      await runner.close();
      await events.close();
    }
  });
});
