import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { describeEachEngine, type Engine } from '../engines/engine-matrix.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

/** `npm start` with EVENT_STORE=postgres and a database it cannot use. */
function start(url: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, EVENT_STORE: 'postgres', POSTGRES_URL: url, DATA_DIR: scratchDirectory(), PORT: '0' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

function expectOneLine(run: ReturnType<typeof start>, masked: string, cause: RegExp): void {
  expect(run.status, run.stderr).to.equal(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.contain(masked);
  expect(lines[0]).to.match(cause);
  expect(run.stderr).to.not.contain('s3cret');
}

describe('postgres: a start on a database it cannot use', function () {
  this.timeout(60_000);

  it('stops with one line naming the masked URL and the refused connection', function () {
    const run = start('postgres://postgres:s3cret@127.0.0.1:1/projectionist');
    expectOneLine(run, 'postgres://postgres:***@127.0.0.1:1/projectionist', /ECONNREFUSED/);
  });
});

const postgres: Engine<undefined> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => undefined,
};

describeEachEngine('a start on a database that does not exist', [postgres], (engine) => {
  describe(`${engine}: a start on a server without the configured database`, function () {
    this.timeout(60_000);

    it('stops with one line naming the masked URL and the missing database', function () {
      const url = new URL(process.env.POSTGRES_URL!);
      url.password = 's3cret';
      url.pathname = '/no_such_database';
      const run = start(url.toString());
      expectOneLine(run, `:***@${url.host}/no_such_database`, /database "no_such_database" does not exist/);
    });
  });
});
