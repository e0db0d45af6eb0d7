import type { Platform } from '../../composition/compose.js';
import type { Config } from '../../composition/config-schema.js';
import { UnknownProjectionError } from '../../core/generations/unknown-projection-error.js';
import { filterFor } from '../../core/projections/event-filter.js';
import type { Generation } from '../../core/projections/generation.js';
import { ProjectionRunner } from '../../core/runner/projection-runner.js';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

/**
 * `rebuild <projection> [--in-place]`. Blue/green by default: builds the next generation beside
 * the live one (or resumes the one being built), shows progress, switches it in, and exits 0;
 * exits 1 if the rebuild fails. `--in-place` empties the live generation and replays it, for
 * development: reads see it empty meanwhile.
 */
export async function rebuildCommand(platform: Platform, config: Config, args: { projection: string; inPlace: boolean }): Promise<number> {
  const { generations } = platform;
  const projection = known(() => generations.projection(args.projection));
  const generation = args.inPlace ? await generations.emptyLive(projection.name) : await buildingGeneration(platform, projection.name);
  const bar = new ProgressBar(`${projection.name} g${generation.generation}`);
  const filter = filterFor(projection);
  const total = await platform.eventStore.countEvents({ filter, limit: Number.MAX_SAFE_INTEGER });
  const checkpoint = (await platform.readModels.checkpoint(generation)).position;
  const alreadyDone = total - (await platform.eventStore.countEvents({ ...(checkpoint ? { after: checkpoint } : {}), filter, limit: Number.MAX_SAFE_INTEGER }));

  let outcome: 'switched' | 'caught-up' | 'failed' | 'abandoned' | undefined;
  let failure = '';
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const runner = new ProjectionRunner(platform, generation, { ...runnerOptions(config), live: 'subscription' }, {
    caughtUp: async (r, atHead) => {
      if (args.inPlace) {
        if (!atHead) return true;
        outcome = 'caught-up';
      } else {
        const result = await generations.switchIfCaughtUp(r, atHead, config.projections.switchLagEvents);
        if (result === 'not-yet') return true;
        outcome = result;
      }
      finished();
      return false;
    },
    stopped: (_r, at) => {
      outcome = 'failed';
      failure = `${at.event.type} at ${at.event.position.commit} of ${at.event.streamId}: ${at.error}`;
      finished();
    },
  });
  runner.start();
  const ticker = setInterval(() => bar.update(alreadyDone + runner.applied(), total, runner.rate()), 250);
  await done;
  clearInterval(ticker);
  bar.update(alreadyDone + runner.applied(), total, runner.rate());
  await runner.close();
  if (outcome === 'failed' && !args.inPlace) await platform.registry.abandon(projection.name, generation.generation, 'failed', failure);
  if (outcome === 'switched') {
    // Reads in flight on the replaced generation get this long to finish before it is dropped.
    await new Promise((resolve) => setTimeout(resolve, config.projections.retireAfterMs));
    await generations.dropRetired(projection.name);
  }
  const messages = {
    switched: `${projection.name}: generation ${generation.generation} is live`,
    'caught-up': `${projection.name}: generation ${generation.generation} rebuilt in place`,
    failed: `${projection.name}: rebuild failed, the live generation is untouched: ${failure}`,
    abandoned: `${projection.name}: generation ${generation.generation} was cancelled or failed elsewhere`,
  } as const;
  bar.done(messages[outcome ?? 'abandoned']);
  return outcome === 'switched' || outcome === 'caught-up' ? 0 : 1;
}

async function buildingGeneration(platform: Platform, name: string): Promise<Generation> {
  const { record, resumed } = await platform.generations.beginRebuild(name);
  if (resumed) console.error(`${name}: resuming generation ${record.generation}, already being built`);
  return { projection: platform.generations.projection(name), generation: record.generation };
}

function known<T>(find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw error instanceof UnknownProjectionError ? new UsageError(error.message) : error;
  }
}

function runnerOptions(config: Config) {
  return { batchSize: config.projections.batchSize, catchUpBatchSize: config.projections.catchUpBatchSize, batchWaitMs: config.projections.batchWaitMs };
}
