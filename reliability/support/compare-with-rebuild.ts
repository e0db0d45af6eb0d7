import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { projections } from '../../projections/index.js';
import { readModelSnapshot, type Snapshot } from '../../test/support/read-model-snapshot.js';
import { testPlatform } from '../../test/support/test-platform.js';

export interface Difference {
  readonly projection: string;
  readonly collection: string;
  readonly id: string;
  readonly ours: unknown;
  readonly rebuilt: unknown;
}

export interface Comparison {
  readonly documents: number;
  readonly differences: Difference[];
  readonly rebuildSeconds: number;
}

const REBUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * Compares every live document of a data directory with a from-scratch rebuild of the same
 * events, as the crash test does (test/runtime/crash.test.ts): a fresh platform, in a fresh
 * directory holding a copy of the event store, runs until every projection is live at the
 * head; then both sets of read models are read straight from their files. Call it with every
 * process on `dataDir` stopped.
 */
export async function compareWithRebuild(dataDir: string): Promise<Comparison> {
  const fresh = mkdtempSync(join(tmpdir(), 'projectionist-reference-'));
  try {
    for (const suffix of ['', '-wal']) {
      if (existsSync(join(dataDir, `events.db${suffix}`))) copyFileSync(join(dataDir, `events.db${suffix}`), join(fresh, `events.db${suffix}`));
    }
    const started = performance.now();
    const reference = await testPlatform({ dataDir: fresh });
    try {
      await reference.start();
      await untilCaughtUp(async () => (await reference.generations.statuses()).every((s) => s.registryState === 'live' && s.state === 'live' && s.lag.events === 0));
    } finally {
      await reference.close();
    }
    const rebuildSeconds = (performance.now() - started) / 1000;
    const ours = await readModelSnapshot(process.env, dataDir, projections);
    const rebuilt = await readModelSnapshot(process.env, fresh, projections);
    return { documents: count(ours), differences: differencesBetween(ours, rebuilt), rebuildSeconds };
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

function differencesBetween(ours: Snapshot, rebuilt: Snapshot): Difference[] {
  const differences: Difference[] = [];
  for (const projection of projections) {
    const collections = new Set([...Object.keys(ours[projection.name] ?? {}), ...Object.keys(rebuilt[projection.name] ?? {})]);
    for (const collection of collections) {
      const mine = ours[projection.name]?.[collection] ?? {};
      const theirs = rebuilt[projection.name]?.[collection] ?? {};
      for (const id of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
        if (!isDeepStrictEqual(mine[id], theirs[id])) differences.push({ projection: projection.name, collection, id, ours: mine[id], rebuilt: theirs[id] });
      }
    }
  }
  return differences;
}

function count(snapshot: Snapshot): number {
  let documents = 0;
  for (const collections of Object.values(snapshot)) for (const documentsById of Object.values(collections)) documents += Object.keys(documentsById).length;
  return documents;
}

async function untilCaughtUp(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + REBUILD_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`the reference rebuild did not catch up within ${REBUILD_TIMEOUT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
