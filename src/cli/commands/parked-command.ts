import type { Platform } from '../../composition/compose.js';
import { formatPosition } from '../../core/position.js';
import { replayParked } from '../../core/runner/replay-parked.js';
import { UsageError } from '../usage-error.js';

/** `parked <projection>` lists the live generation's parked events; with `--replay [--stream s]` applies them again. */
export async function parkedCommand(platform: Platform, args: { projection: string; replay: boolean; stream: string | undefined }): Promise<number> {
  const projection = platform.projections.find((p) => p.name === args.projection);
  if (!projection) throw new UsageError(`no projection ${args.projection}`);
  const generation = await platform.live.of(projection);
  if (args.replay) {
    const outcome = await replayParked(platform, generation, args.stream);
    console.log(`${projection.name}: replayed ${outcome.replayed}, still parked ${outcome.stillParked}`);
    return outcome.stillParked === 0 ? 0 : 1;
  }
  for (const parked of await platform.readModels.parked(generation)) {
    console.log(`${formatPosition(parked.position)}  ${parked.streamId}  ${parked.eventType}  ${parked.attempts} attempts  ${parked.error}`);
  }
  return 0;
}
