import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child Node process running a TypeScript file, whose stdout lines are JSON messages. */
export class Child {
  readonly process: ChildProcess;
  private readonly lines: object[] = [];
  private waiters: (() => void)[] = [];

  constructor(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.process = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    createInterface({ input: this.process.stdout! }).on('line', (line) => {
      this.lines.push(JSON.parse(line) as object);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** How many messages arrived so far: pass it to `waitFor` to look only at later ones. */
  received(): number {
    return this.lines.length;
  }

  /** The last `count` messages, as JSON: for a failure's message. */
  last(count: number): string {
    return JSON.stringify(this.lines.slice(-count));
  }

  /** Waits until `count` messages matching `match` arrived (from the `from`th on), and returns them. */
  async waitFor<T extends object>(match: (line: T) => boolean, count = 1, timeoutMs = 15_000, from = 0): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.lines.slice(from) as T[]).filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`child sent ${found.length} of ${count} expected messages; its last ones: ${JSON.stringify(this.lines.slice(-6))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return new Promise((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) return resolve();
      this.process.once('exit', () => resolve());
      this.process.kill(signal);
    });
  }
}
