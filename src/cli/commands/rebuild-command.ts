import type { Platform } from '../../composition/compose.js';
import type { Config } from '../../composition/config-schema.js';
import { RebuildInProgressError } from '../../core/ports/read-model-errors.js';
import { filterFor } from '../../core/projections/event-filter.js';
import type { Generation } from '../../core/projections/generation.js';
import type { Projection } from '../../core/projections/projection.js';
import { dropGeneration } from '../../core/runner/drop-generation.js';
import { switchWhenCaughtUp } from '../../core/runner/generation-switch.js';
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
  const projection = platform.projections.find((p) => p.name === args.projection);
  if (!projection) throw new UsageError(`no projection ${args.projection}; there are ${platform.projections.map((p) => p.name).join(', ')}`);
  const generation = args.inPlace ? await emptyLiveGeneration(platform, projection) : await buildingGeneration(platform, projection);
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
        const result = await switchWhenCaughtUp(platform, r, atHead, config.projections.switchLagEvents);
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
  if (outcome === 'switched') await retireReplaced(platform, projection, config.projections.retireAfterMs);
  const messages = {
    switched: `${projection.name}: generation ${generation.generation} is live`,
    'caught-up': `${projection.name}: generation ${generation.generation} rebuilt in place`,
    failed: `${projection.name}: rebuild failed, the live generation is untouched: ${failure}`,
    abandoned: `${projection.name}: generation ${generation.generation} was cancelled or failed elsewhere`,
  } as const;
  bar.done(messages[outcome ?? 'abandoned']);
  return outcome === 'switched' || outcome === 'caught-up' ? 0 : 1;
}

/** Drops the generations the switch retired, once reads in flight have had time to finish. */
async function retireReplaced(platform: Platform, projection: Projection, afterMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  for (const record of await platform.registry.list(projection.name)) {
    if (record.state === 'retired') await dropGeneration(platform, { projection, generation: record.generation });
  }
}

async function buildingGeneration(platform: Platform, projection: Projection): Promise<Generation> {
  try {
    const record = await platform.registry.begin(projection.name, projection.version);
    return { projection, generation: record.generation };
  } catch (error) {
    if (!(error instanceof RebuildInProgressError)) throw error;
    console.error(`${projection.name}: resuming generation ${error.generation}, already being built`);
    return { projection, generation: error.generation };
  }
}

async function emptyLiveGeneration(platform: Platform, projection: Projection): Promise<Generation> {
  const generation = await platform.live.of(projection);
  await platform.readModels.truncate(generation);
  return generation;
}

function runnerOptions(config: Config) {
  return { batchSize: config.projections.batchSize, catchUpBatchSize: config.projections.catchUpBatchSize, batchWaitMs: config.projections.batchWaitMs };
}
