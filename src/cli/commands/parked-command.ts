import type { Platform } from '../../composition/compose.js';
import { formatPosition } from '../../core/position.js';

/**
 * `parked <projection>` lists the live generation's parked events, or says there are none (exit
 * 0 either way); with `--replay [--stream s]` applies them again, and exits 1 if some stay parked.
 */
export async function parkedCommand(platform: Platform, args: { projection: string; replay: boolean; stream: string | undefined }): Promise<number> {
  const { generations } = platform;
  const name = generations.projection(args.projection).name;
  if (args.replay) {
    const outcome = await generations.replayParked(name, args.stream);
    console.log(`${name}: replayed ${outcome.replayed}, still parked ${outcome.stillParked}`);
    return outcome.stillParked === 0 ? 0 : 1;
  }
  const parked = await generations.parked(name);
  if (parked.length === 0) console.log(`${name}: no parked events`);
  for (const event of parked) {
    console.log(`${formatPosition(event.position)}  ${event.streamId}  ${event.eventType}  ${event.attempts} attempts  ${event.error}`);
  }
  return 0;
}
