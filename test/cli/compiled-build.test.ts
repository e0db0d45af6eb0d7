import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { scratchDirectory } from '../support/scratch-directory.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Plain node: no tsx loader inherited through NODE_OPTIONS. */
function plainEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  return { ...inherited, LOG_FORMAT: 'json', ...env };
}

function running(child: ChildProcess): Promise<{ url: string }> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('Projectionist running')) resolve(JSON.parse(line) as { url: string });
    });
    child.once('exit', (code) => reject(new Error(`the compiled platform exited with ${code} before it ran`)));
  });
}

/** What production runs (README, "Production"): `npm run build`'s JavaScript under plain node. */
describe('the compiled build', function () {
  this.timeout(120_000);
  // Inside the project, as dist/ is: the compiled code finds package.json, config/ and the dashboard above it.
  const out = join(ROOT, '.scratch', `compiled-${process.pid}`);
  const dataDir = scratchDirectory();

  before(function () {
    // Types are `npm run typecheck`'s job; this checks what the emitted JavaScript does.
    const build = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', out], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).to.equal(0);
  });
  after(function () {
    rmSync(out, { recursive: true, force: true });
  });

  it('serves the API and the dashboard, and its projection thread makes a write visible, under plain node', async function () {
    const platform = spawn(process.execPath, [join(out, 'src', 'main.js')], { cwd: ROOT, env: plainEnv({ DATA_DIR: dataDir, PORT: '0' }), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const { url } = await running(platform);
      expect((await fetch(`${url}/`)).headers.get('content-type')).to.match(/^text\/html/);
      const written = await fetch(`${url}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana', email: 'ana@example.com' }) });
      const { customerId, token } = (await written.json()) as { customerId: string; token: string };
      const read = await fetch(`${url}/api/customers/${customerId}/orders?consistentWith=${token}&wait=true`);
      expect(read.status).to.equal(200);
      const exited = new Promise<number | null>((resolve) => platform.once('exit', resolve));
      platform.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      platform.kill('SIGKILL');
    }
  });

  it('runs the CLI under plain node', function () {
    const status = spawnSync(process.execPath, [join(out, 'src', 'cli', 'main.js'), 'status'], { cwd: ROOT, env: plainEnv({ DATA_DIR: dataDir }), encoding: 'utf8' });
    expect(status.status, status.stderr).to.equal(0);
    expect(status.stdout).to.contain('OrderView');
  });
});
