import { PlatformProcess } from './platform-process.js';

/**
 * The `projectionist worker` processes of a run: keeps `size` of them, kills them with SIGKILL
 * on request and starts replacements. A worker that exits without being killed is kept as a
 * finding in `crashes`.
 */
export class WorkerFleet {
  readonly crashes: string[] = [];
  private workers: PlatformProcess[] = [];
  private started = 0;

  constructor(
    /** The code the workers run: a codeSnapshot. */
    private readonly code: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly size: number,
    private readonly random: () => number,
  ) {}

  get running(): number {
    return this.workers.length;
  }

  /** Starts workers until `size` of them run. */
  async fill(): Promise<void> {
    this.forgetDead();
    const missing = this.size - this.workers.length;
    const fresh = await Promise.all(Array.from({ length: missing }, () => PlatformProcess.start(this.code, 'worker', this.env, `worker-${(this.started += 1)}`)));
    this.workers.push(...fresh);
  }

  /** SIGKILLs one running worker, picked at random. */
  async killOne(): Promise<void> {
    this.forgetDead();
    const victim = this.workers[Math.floor(this.random() * this.workers.length)];
    if (!victim) throw new Error('no worker runs');
    this.workers = this.workers.filter((worker) => worker !== victim);
    await victim.kill('SIGKILL');
  }

  /** SIGKILLs every running worker at once; returns how many. */
  async killAll(): Promise<number> {
    this.forgetDead();
    const victims = this.workers;
    this.workers = [];
    await Promise.all(victims.map((worker) => worker.kill('SIGKILL')));
    return victims.length;
  }

  /** Stops every worker the way an operator does (SIGTERM). */
  async stop(): Promise<void> {
    this.forgetDead();
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
  }

  private forgetDead(): void {
    for (const worker of this.workers) {
      const crash = worker.crashed;
      if (crash) this.crashes.push(crash);
    }
    this.workers = this.workers.filter((worker) => worker.alive);
  }
}
