import type { Platform } from '../../composition/compose.js';
import type { Config } from '../../composition/config-schema.js';
import { filterFor } from '../../core/projections/event-filter.js';
import { partsOf, type Generation } from '../../core/projections/generation.js';
import type { Position } from '../../core/position.js';
import { ProjectionRunner } from '../../core/runner/projection-runner.js';
import { ProgressBar } from '../progress-bar.js';

/**
 * `rebuild <projection> [--in-place]`. Blue/green by default: builds the next generation beside
 * the live one (or resumes the one being built), shows progress (ProgressBar: a bar on a
 * terminal, plain lines with the real percentage elsewhere), switches it in, and exits 0;
 * exits 1 if the rebuild fails. An unknown projection throws UnknownProjectionError (exit 2).
 * A partitioned projection gets a runner per partition; it switches once every one caught up.
 * `--in-place` empties the live generation and replays it, for development: reads see it empty
 * meanwhile.
 */
export async function rebuildCommand(platform: Platform, config: Config, args: { projection: string; inPlace: boolean }): Promise<number> {
  const { generations } = platform;
  const projection = generations.projection(args.projection);
  const generation = args.inPlace ? await generations.emptyLive(projection.name) : await buildingGeneration(platform, projection.name);
  const bar = new ProgressBar(`${projection.name} g${generation.generation}`);
  const parts = partsOf(generation);
  const filter = filterFor(projection);
  const count = (after: Position | undefined) => platform.eventStore.countEvents({ ...(after ? { after } : {}), filter, limit: Number.MAX_SAFE_INTEGER });
  const total = await count(undefined);
  // A resumed rebuild starts where its checkpoints are. Each partition's checkpoint passes the
  // other partitions' events too, so with partitions this is an estimate (an even spread).
  let alreadyDone = 0;
  for (const part of parts) alreadyDone += (total - (await count((await platform.readModels.checkpoint(part)).position))) / parts.length;

  let outcome: 'switched' | 'caught-up' | 'failed' | 'abandoned' | undefined;
  let failure = '';
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const finish = (result: NonNullable<typeof outcome>) => {
    outcome ??= result;
    finished();
  };
  // Parts at the head, waiting for the others: in place, to be done; blue/green, to switch.
  const atHead = new Set<ProjectionRunner>();
  const switchIfCaughtUp = async (runner: ProjectionRunner, head: boolean) => {
    const result = await generations.switchIfCaughtUp(runner, head, config.projections.switchLagEvents);
    if (result !== 'not-yet') finish(result);
    return result === 'not-yet';
  };
  const runners = parts.map(
    (part) =>
      new ProjectionRunner(platform, part, { ...runnerOptions(config), live: 'subscription' }, {
        caughtUp: async (runner, head) => {
          if (outcome) return false;
          if (head) atHead.add(runner);
          if (args.inPlace) {
            if (atHead.size === parts.length) finish('caught-up');
            return !outcome;
          }
          return switchIfCaughtUp(runner, head);
        },
        stopped: (_runner, at) => {
          failure = `${at.event.type} at ${at.event.position.commit} of ${at.event.streamId}: ${at.error}`;
          finish('failed');
        },
      }),
  );
  for (const runner of runners) runner.start();
  const applied = () => runners.reduce((sum, runner) => sum + runner.applied(), 0);
  const rate = () => runners.reduce((sum, runner) => sum + runner.rate(), 0);
  // A partition that reached the head first goes on following live events, so the last one to
  // get there may have looked before its checkpoint moved: look again for it.
  let checking = false;
  const ticker = setInterval(() => {
    bar.update(Math.round(alreadyDone) + applied(), total, rate());
    const waiting = [...atHead][0];
    if (args.inPlace || !waiting || checking || outcome) return;
    checking = true;
    void switchIfCaughtUp(waiting, false)
      .catch((error: unknown) => platform.log.warn({ err: error }, 'checking whether the rebuild can switch failed; trying again'))
      .finally(() => (checking = false));
  }, 100);
  await done;
  clearInterval(ticker);
  bar.update(Math.round(alreadyDone) + applied(), total, rate());
  await Promise.all(runners.map((runner) => runner.close()));
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

function runnerOptions(config: Config) {
  return { batchSize: config.projections.batchSize, catchUpBatchSize: config.projections.catchUpBatchSize, batchWaitMs: config.projections.batchWaitMs };
}
