import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { scratchDirectory } from '../support/scratch-directory.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const MAIN = ['--import', 'tsx', 'src/main.ts'];

/** Runs `npm start`'s process to its end, for a start that must fail. */
function startAndFail(env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, MAIN, { cwd: ROOT, env: { ...process.env, DATA_DIR: scratchDirectory(), LOG_FORMAT: 'json', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stderr: run.stderr };
}

/** Resolves with the start's JSON line (its `msg` and fields) once the process says it runs. */
function running(child: ChildProcess): Promise<{ msg: string; url: string }> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('Projectionist running')) resolve(JSON.parse(line) as { msg: string; url: string });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it ran`)));
  });
}

function descendantsOf(pid: number): number[] {
  // ps exits 1 when the process has no children.
  const run = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  const children = run.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('start-up and shutdown', function () {
  this.timeout(60_000);

  it('exits 1 with one clear line, and no stack, when the port is taken', async function () {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const run = startAndFail({ PORT: String(port), HOST: '127.0.0.1' });
      expect(run.status).to.equal(1);
      expect(run.stderr.trim().split('\n')).to.deep.equal([`Port ${port} on 127.0.0.1 is already in use: stop what listens there, or choose another port with PORT`]);
    } finally {
      busy.close();
    }
  });

  it('exits 1 with one line naming the setting and its variable when a setting is bad', function () {
    const run = startAndFail({ PORT: 'eighty' });
    expect(run.status).to.equal(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^Invalid configuration: http\.port \(PORT\): /);
    const level = startAndFail({ LOG_LEVEL: 'loud' });
    expect(level.status).to.equal(1);
    expect(level.stderr.trim().split('\n')).to.have.length(1);
    expect(level.stderr).to.contain('log.level (LOG_LEVEL)');
  });

  it('listens on 127.0.0.1 by default, names the engines, projections and data, and npm start stops on SIGTERM leaving nothing behind', async function () {
    const dataDir = scratchDirectory();
    const { HOST: _host, ...inherited } = process.env;
    const npm = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...inherited, DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let processes: number[] = [];
    try {
      const started = await running(npm);
      expect(started.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.msg).to.contain('on this machine only; HOST=0.0.0.0 opens it to the network');
      expect(started.msg).to.contain(`event store: sqlite ${dataDir}/events.db`);
      expect(started.msg).to.contain(`documents: sqlite ${dataDir}/read-models.db`);
      expect(started.msg).to.contain('6 projections (OrderView, ');
      expect((await fetch(`${started.url}/health`)).status).to.equal(200);
      processes = descendantsOf(npm.pid!);
      expect(processes.length).to.be.at.least(1);

      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      npm.kill('SIGTERM');
      await exited;
      const deadline = Date.now() + 10_000;
      while (processes.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(processes.filter(alive), 'processes left running after SIGTERM to npm start').to.deep.equal([]);
      const refused = await fetch(`${started.url}/health`).then(() => false, () => true);
      expect(refused, 'the port still answers').to.equal(true);
    } finally {
      // Whatever failed above, nothing this test started may outlive it.
      for (const pid of [npm.pid!, ...processes, ...descendantsOf(npm.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('shows the loopback URL when listening on every interface (HOST=0.0.0.0)', async function () {
    const child = spawn(process.execPath, MAIN, { cwd: ROOT, env: { ...process.env, DATA_DIR: scratchDirectory(), PORT: '0', HOST: '0.0.0.0', LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const started = await running(child);
      expect(started.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.msg).to.contain('(on every interface)');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('npm run demo seeds the demo’s data into an empty store once, and a later start leaves a store with events as it is', async function () {
    const dataDir = scratchDirectory();
    const products = async (url: string) => ((await (await fetch(`${url}/api/products?pageSize=1`)).json()) as { total: number }).total;
    const demo = async (check: (url: string, lines: string[]) => Promise<void>) => {
      const child = spawn('npm', ['run', 'demo', '--silent'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'json' }, stdio: ['ignore', 'pipe', 'inherit'] });
      const lines: string[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
      try {
        await check((await running(child)).url, lines);
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    };
    const eventually = async (condition: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 30_000; !(await condition()); await new Promise((resolve) => setTimeout(resolve, 200))) {
        if (Date.now() > deadline) throw new Error('the demo’s data did not show in time');
      }
    };
    await demo(async (url) => eventually(async () => (await products(url)) === 200));
    await demo(async (url, lines) => {
      await eventually(async () => lines.some((line) => line.includes('already has events')));
      expect(await products(url)).to.equal(200);
    });
  });
});
