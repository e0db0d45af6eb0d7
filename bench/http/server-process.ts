import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A benchmark server in a process of its own, so that the load generator never shares its event loop. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /** Both servers run with the flags `npm start` gives the platform (`--single-threaded-gc`). */
  static async start(mode: 'projectionist' | 'bare', argument: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--single-threaded-gc', '--import', 'tsx', new URL('./server-child.ts', import.meta.url).pathname, mode, argument], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the ${mode} server exited with ${code}`)));
    });
    const { port } = JSON.parse(line) as { port: number };
    return new ServerProcess(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
