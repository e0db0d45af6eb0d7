import type { ApiClient } from './api-client.js';
import type { CommandMix } from './command-mix.js';
import { sendCommand } from './send-command.js';
import type { WriteLog } from './write-log.js';

/**
 * Writes through the API without pause until stopped: `concurrency` loops, each sending the
 * mix's next command once its last one was answered, together at most `perSecond` commands a
 * second (a moderate load that leaves the machine to the processes under test).
 */
export class CommandLoad {
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly mix: CommandMix,
    private readonly log: WriteLog,
    private readonly concurrency: number,
    private readonly perSecond: number,
  ) {}

  start(): void {
    const spacingMs = (1000 * this.concurrency) / this.perSecond;
    this.loops = Array.from({ length: this.concurrency }, async () => {
      while (!this.stopped) {
        const started = performance.now();
        await sendCommand(this.api, this.mix, this.log);
        const rest = spacingMs - (performance.now() - started);
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    });
  }

  /** Stops sending, and resolves once every command in flight was answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
