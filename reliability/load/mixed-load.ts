import type { ApiClient } from '../support/api-client.js';
import type { CommandMix } from '../support/command-mix.js';
import { LatencyRecorder } from '../support/latency-recorder.js';
import { sendCommand } from '../support/send-command.js';
import { Tally } from '../support/tally.js';
import type { AcceptedWrite, WriteLog } from '../support/write-log.js';

export interface LoadFigures {
  readonly seconds: number;
  readonly reads: LatencyRecorder;
  readonly commands: LatencyRecorder;
  /** `read <status>` or `<command> <status>`, for every answer that is not the expected one. */
  readonly errors: Tally;
}

/** How many of the latest accepted writes a read picks its token from. */
const RECENT = 256;

/**
 * `concurrency` loops, each sending one request after the other for `seconds`: a share of
 * reads that wait for a recent write (`?consistentWith=<its token>&wait=true` on the endpoint
 * that shows it, checked to show it), the rest commands. A read must answer 200: a 408 or a
 * 202 is an error, since every read waits.
 */
export async function mixedLoad(api: ApiClient, mix: CommandMix, log: WriteLog, options: { concurrency: number; seconds: number; readShare: number }): Promise<LoadFigures> {
  const figures: LoadFigures = { seconds: options.seconds, reads: new LatencyRecorder(), commands: new LatencyRecorder(), errors: new Tally() };
  const recent: AcceptedWrite[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const write = recent.length > 0 && mix.pool.random() < options.readShare ? recent[Math.floor(mix.pool.random() * recent.length)] : undefined;
        if (write) {
          const response = await api.get(`${write.readPath}?consistentWith=${write.token}&wait=true`);
          figures.reads.add(response.ms);
          if (response.status !== 200) figures.errors.add(`read ${response.status || response.failure}`);
          else if (write.readIdKey && response.body?.[write.readIdKey] !== write.id) figures.errors.add('read 200 not showing the write');
        } else {
          const { response, accepted, expectedStatus, kind } = await sendCommand(api, mix, log);
          figures.commands.add(response.ms);
          if (response.status !== expectedStatus) figures.errors.add(`${kind} ${response.status || response.failure}`);
          if (accepted) recent.splice(0, recent.push(accepted) - RECENT);
        }
      }
    }),
  );
  return { ...figures, seconds: (performance.now() - started) / 1000 };
}
