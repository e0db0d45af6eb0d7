import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { scratchDirectory } from '../support/scratch-directory.js';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

describe('eventstoredb: starting against a server that is not there', function () {
  this.timeout(30_000);

  it('stops within 10 s with one line naming the endpoint, credentials masked, and the cause', async function () {
    const port = await closedPort();
    const result = await run({
      EVENT_STORE: 'eventstoredb',
      EVENTSTOREDB_URL: `kurrentdb://admin:hunter2@127.0.0.1:${port}?tls=false`,
      DATA_DIR: scratchDirectory(),
      CONFIG_FILE: '',
    });
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(result.code, result.stderr).to.equal(1);
    expect(lines, result.stderr).to.have.length(1);
    expect(lines[0]).to.contain(`kurrentdb://admin:***@127.0.0.1:${port}?tls=false`);
    expect(lines[0]).to.match(/ECONNREFUSED|UNAVAILABLE/);
    expect(result.stderr).to.not.contain('hunter2');
    expect(result.stderr).to.not.match(/^\s+at /m);
    expect(result.ms).to.be.below(10_000);
  });

  it('stops within 10 s, too, when the endpoint accepts connections and never answers', async function () {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const result = await run({ EVENT_STORE: 'eventstoredb', EVENTSTOREDB_URL: `kurrentdb://127.0.0.1:${port}?tls=false`, DATA_DIR: scratchDirectory(), CONFIG_FILE: '' });
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(result.code, result.stderr).to.equal(1);
      expect(lines, result.stderr).to.have.length(1);
      expect(lines[0]).to.contain(`Cannot reach EventStoreDB at kurrentdb://127.0.0.1:${port}?tls=false`);
      expect(result.ms).to.be.below(10_000);
    } finally {
      silent.close();
    }
  });
});
