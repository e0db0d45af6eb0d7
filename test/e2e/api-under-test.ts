import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '../../src/api/create-server.js';
import type { Platform } from '../../src/composition/compose.js';
import type { WebSocketGateway } from '../../src/notifications/websocket-gateway.js';
import { TEST_CONFIG_FILE, testPlatform } from '../support/test-platform.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;

export type Topology = 'one process' | 'projection thread' | 'serve + worker processes';

/** The HTTP API on an ephemeral port, with its workers in the same process or in a `worker` process beside it. */
export class ApiUnderTest {
  private worker: ChildProcess | undefined;
  private readonly extraProcesses: (() => Promise<void>)[] = [];

  private constructor(
    readonly platform: Platform & { dataDir: string },
    private readonly server: Server,
    private readonly gateway: WebSocketGateway,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(topology: Topology, env: NodeJS.ProcessEnv = {}, options: { startWorker?: boolean; dataDir?: string } = {}): Promise<ApiUnderTest> {
    const split = topology === 'serve + worker processes';
    const workers = split ? 'elsewhere' : topology === 'projection thread' ? 'thread' : 'here';
    const platform = await testPlatform({ env, roles: { workers }, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    await platform.start();
    const { server, gateway } = createServer(platform);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new ApiUnderTest(platform, server, gateway, env);
    if (split && options.startWorker !== false) await api.startWorker();
    return api;
  }

  /** WebSocket clients the server holds. */
  get webSocketClients(): number {
    return this.gateway.connections;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.platform.config.websocket.path}`;
  }

  /** Starts `projectionist worker` on the same data directory, and waits until it runs. */
  async startWorker(): Promise<void> {
    const worker = spawn(process.execPath, [CLI, 'worker'], {
      env: { ...process.env, CONFIG_FILE: TEST_CONFIG_FILE, ...this.env, DATA_DIR: this.platform.dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Projectionist running')) resolve();
      });
      worker.once('exit', (code) => reject(new Error(`the worker process exited with ${code}`)));
    });
  }

  /** Kills the `worker` process at once (SIGKILL), as a crash would. */
  async killWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }

  /** Starts another API process (`projectionist serve`) on the same data directory; resolves with its URL. */
  async startSecondApi(): Promise<{ url: string; close: () => Promise<void> }> {
    const serve = spawn(process.execPath, [CLI, 'serve'], {
      env: { ...process.env, CONFIG_FILE: TEST_CONFIG_FILE, ...this.env, DATA_DIR: this.platform.dataDir, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      serve.stdout!.on('data', (chunk: Buffer) => {
        const match = /API on (http:\/\/[\d.]+:\d+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      serve.once('exit', (code) => reject(new Error(`the second API process exited with ${code}`)));
    });
    const close = async () => {
      if (serve.exitCode !== null) return;
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    };
    this.extraProcesses.push(close);
    return { url, close };
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }

  async close(): Promise<void> {
    for (const close of this.extraProcesses) await close();
    if (this.worker && this.worker.exitCode === null && this.worker.signalCode === null) {
      const exited = new Promise((resolve) => this.worker!.once('exit', resolve));
      this.worker.kill('SIGTERM');
      await exited;
    }
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.platform.close();
  }
}
