import type { RecordedEvent } from '../events.js';
import type { Generation } from '../projections/generation.js';
import { CheckpointMovedError } from '../ports/read-model-errors.js';
import { formatPosition } from '../position.js';
import { BatchProcessor } from '../runner/batch-processor.js';
import { changeOf } from '../runner/change-of.js';
import type { EventStreams } from '../ports/event-streams.js';
import type { RunnerDependencies } from '../runner/projection-runner.js';

export interface ReplayOutcome {
  readonly replayed: number;
  readonly stillParked: number;
}

const ATTEMPTS = 20;

/**
 * Applies a generation's parked events again, stream by stream in position order, each exactly
 * once, and unblocks the streams that succeed. Any process may run it beside the runner: each
 * stream's replay commits against the generation's commit count, and starts over if a runner
 * committed in between.
 */
export async function replayParked(
  deps: RunnerDependencies & { readonly eventStore: EventStreams },
  generation: Generation,
  onlyStream?: string,
): Promise<ReplayOutcome> {
  const processor = new BatchProcessor(deps.readModels, generation);
  let replayed = 0;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const parked = (await deps.readModels.parked(generation)).filter((p) => onlyStream === undefined || p.streamId === onlyStream);
      const streams = [...new Set(parked.map((p) => p.streamId))];
      for (const stream of streams) {
        const wanted = new Set(parked.filter((p) => p.streamId === stream).map((p) => formatPosition(p.position)));
        const events: RecordedEvent[] = (await deps.eventStore.readStream(stream)).filter((e) => wanted.has(formatPosition(e.position)));
        const state = await deps.readModels.checkpoint(generation);
        const batch = await processor.replay(events, state.position!, state.commits);
        replayed += batch.unparked.length;
        deps.notifier.publish(changeOf(generation, batch));
      }
      const left = (await deps.readModels.parked(generation)).filter((p) => onlyStream === undefined || p.streamId === onlyStream);
      return { replayed, stillParked: left.length };
    } catch (error) {
      if (!(error instanceof CheckpointMovedError) || attempt >= ATTEMPTS) throw error;
    }
  }
}
