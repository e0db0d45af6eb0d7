import { expect } from 'chai';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Projection } from '../../src/core/projections/projection.js';
import { eventually } from './async.js';
import { readModelSnapshot } from './read-model-snapshot.js';
import { scratchDirectory } from './scratch-directory.js';
import { testPlatform } from './test-platform.js';

type Collections = Record<string, Record<string, unknown>>;

/** The documents that differ, each with both versions: a readable failure where a deep diff of thousands is not. */
function differences(ours: Collections, rebuilt: Collections): { collection: string; id: string; ours: unknown; rebuilt: unknown }[] {
  const found: { collection: string; id: string; ours: unknown; rebuilt: unknown }[] = [];
  for (const collection of new Set([...Object.keys(ours), ...Object.keys(rebuilt)])) {
    const [mine, theirs] = [ours[collection] ?? {}, rebuilt[collection] ?? {}];
    for (const id of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      if (canonical(mine[id]) !== canonical(theirs[id])) found.push({ collection, id, ours: mine[id], rebuilt: theirs[id] });
    }
  }
  return found.slice(0, 5);
}

/** JSON with every object's keys sorted: two stores may keep a document's fields in different orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field) ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : field,
  );
}

/**
 * Rebuilds every read model from the same events in a fresh directory and store (`freshEnv`),
 * and checks that the read models of `dataDir` equal them, document for document. The same
 * events: the embedded store's file is copied; a store outside `dataDir` (PostgreSQL) is read
 * where it is, with `env`'s settings for it, by a platform that appends nothing (and creates no
 * persistent groups: `projections.live` is `subscription` by default; with `persistent` the two
 * platforms' groups, named after projection and generation, would collide).
 */
export async function expectEqualToFreshRebuild(env: NodeJS.ProcessEnv, dataDir: string, freshEnv: NodeJS.ProcessEnv, projections: readonly Projection[], what: string): Promise<void> {
  const fresh = scratchDirectory('projectionist-fresh-');
  if (existsSync(join(dataDir, 'events.db'))) copyFileSync(join(dataDir, 'events.db'), join(fresh, 'events.db'));
  const reference = await testPlatform({ dataDir: fresh, env: { ...freshEnv, ...eventStoreSettingsOf(env) } });
  await reference.start();
  await eventually(async () => {
    const statuses = await reference.generations.statuses();
    expect(statuses.every((s) => s.lag.events === 0 && s.state === 'live')).to.equal(true);
  }, 240_000, 100);
  await reference.close();
  const ours = await readModelSnapshot(env, dataDir, projections);
  const rebuilt = await readModelSnapshot(freshEnv, fresh, projections);
  for (const projection of projections) {
    expect(Object.keys(ours[projection.name]!).length, projection.name).to.be.above(0);
    expect(differences(ours[projection.name]!, rebuilt[projection.name]!), `${projection.name} ${what}: documents that differ from a fresh rebuild`).to.deep.equal([]);
  }
}

/** The settings in `env` that select and locate its event store. */
function eventStoreSettingsOf(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => key === 'EVENT_STORE' || key.startsWith('POSTGRES_')));
}
