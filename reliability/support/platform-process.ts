import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const READY_LINE = 'Projectionist running';

export type Role = 'start' | 'serve' | 'worker';

/** Every child this run started: a run that ends early, by an error, must not leave them running. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * One `projectionist start|serve|worker` process, started the way an operator starts it (the
 * real CLI, so a SIGKILL hits everything a deployment would lose). Its output goes to ours
 * under a label, so a crash's last words stay in the run's log.
 */
export class PlatformProcess {
  private readonly exit: Promise<void>;
  private signalled = false;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    children.add(child);
    this.exit = new Promise((resolve) =>
      child.once('exit', () => {
        children.delete(child);
        resolve();
      }),
    );
  }

  /**
   * Runs `<code>/bin/projectionist.js <role>` (see codeSnapshot). Resolves once the process
   * printed that it runs; rejects if it exits or stays silent first.
   */
  static async start(code: string, role: Role, env: NodeJS.ProcessEnv, label: string = role, timeoutMs = 60_000): Promise<PlatformProcess> {
    const child = spawn(process.execPath, [join(code, 'bin', 'projectionist.js'), role], { cwd: code, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const started = new PlatformProcess(label, child);
    createInterface({ input: child.stderr! }).on('line', (line) => console.error(`[${label}] ${line}`));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('exit', (code, signal) => reject(new Error(`${label} exited before it ran (${signal ?? code})`)));
      lines.on('line', (line) => {
        if (line.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve();
        } else if (!routine(line)) console.log(`[${label}] ${line}`);
      });
    }).catch(async (error: unknown) => {
      await started.kill('SIGKILL');
      throw error;
    });
    return started;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How it ended without being told to, or undefined: a crash of its own is a finding. */
  get crashed(): string | undefined {
    if (this.alive || this.signalled) return undefined;
    return `${this.label} exited on its own (${this.child.signalCode ?? `code ${this.child.exitCode}`})`;
  }

  /** Sends the signal and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.alive) {
      this.signalled = true;
      this.child.kill(signal);
    }
    await this.exit;
  }
}

/** A log line below warn (the access log, progress): the run's log keeps only what may be a finding. */
function routine(line: string): boolean {
  try {
    const { level } = JSON.parse(line) as { level?: unknown };
    return typeof level === 'number' && level < 40;
  } catch {
    return false;
  }
}
