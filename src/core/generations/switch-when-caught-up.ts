import { faultPoint } from '../fault-point.js';
import type { AllEvents } from '../ports/all-events.js';
import type { ProjectionRegistry } from '../ports/projection-registry.js';
import type { ReadModelStore } from '../ports/read-model-store.js';
import { UnknownGenerationError } from '../ports/read-model-errors.js';
import { filterFor } from '../projections/event-filter.js';
import { generationKey, partsOf, wholeOf } from '../projections/generation.js';
import type { Position } from '../position.js';
import type { ProjectionRunner } from '../runner/projection-runner.js';

export type SwitchOutcome = 'not-yet' | 'switched' | 'abandoned';

/**
 * Decides when a rebuild is done: once its runner is within `lagEvents` of the head, the
 * generation it builds becomes the live one, in one atomic registry step. Several processes
 * may race to do it; the losers find the generation already live. A generation that was
 * cancelled or failed meanwhile is reported `abandoned`. The store's own pointer (if it has
 * one) follows the registry; workers point it again at every start, in case a crash came
 * between the two. A partitioned generation switches once every partition is within
 * `lagEvents`: the runner's own by what it says, the others by their stored checkpoints.
 */
export async function switchWhenCaughtUp(
  deps: { readonly eventStore: AllEvents; readonly registry: ProjectionRegistry; readonly readModels: ReadModelStore },
  runner: ProjectionRunner,
  atHead: boolean,
  lagEvents: number,
): Promise<SwitchOutcome> {
  const { projection, generation } = runner.generation;
  const behind = async (position: Position | undefined) =>
    (await deps.eventStore.countEvents({ ...(position ? { after: position } : {}), filter: filterFor(projection), limit: lagEvents + 1 })) > lagEvents;
  if (!atHead && (await behind(runner.checkpoint.position))) return 'not-yet';
  const own = generationKey(runner.generation);
  for (const part of partsOf(runner.generation)) {
    if (generationKey(part) !== own && (await behind((await deps.readModels.checkpoint(part)).position))) return 'not-yet';
  }
  try {
    await deps.registry.switchTo(projection.name, generation);
  } catch (error) {
    if (!(error instanceof UnknownGenerationError)) throw error;
    const now = (await deps.registry.list(projection.name)).find((record) => record.generation === generation);
    if (now?.state !== 'live') return 'abandoned';
  }
  faultPoint('switch-before-activate');
  await deps.readModels.activate?.(wholeOf(runner.generation));
  return 'switched';
}
