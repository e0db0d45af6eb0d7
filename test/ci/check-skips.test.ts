import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDirectory } from '../support/scratch-directory.js';

const SCRIPT = new URL('../../.ci/check-skips', import.meta.url).pathname;

/** CI's check that no suite skipped an engine CI started: it must fail on the names the suites print. */
describe('CI: the check for skipped engines', function () {
  const check = (lines: string[], ...allowed: string[]) => {
    const log = join(scratchDirectory('projectionist-ci-'), 'test.log');
    writeFileSync(log, ['', '  ✔ something passed', ...lines, '  10 passing', ''].join('\n'));
    return spawnSync('bash', [SCRIPT, log, ...allowed], { encoding: 'utf8' });
  };

  it('fails when a suite skips mongodb, elasticsearch, postgres or mongodb+elasticsearch', function () {
    for (const engine of ['mongodb', 'elasticsearch', 'postgres', 'mongodb+elasticsearch', 'sqlite']) {
      const run = check([`  skip the crash test on ${engine}: MONGODB_URL is not set`], 'eventstoredb');
      expect(run.status, engine).to.equal(1);
      expect(run.stderr).to.contain(`on ${engine}:`);
    }
  });

  it('fails when the dashboard’s browser test skips Chromium, which CI installs', function () {
    const run = check(['  skip the dashboard on chromium: /usr/bin/chromium is missing (apt-get install chromium)'], 'eventstoredb');
    expect(run.status).to.equal(1);
    expect(run.stderr).to.contain('on chromium:');
  });

  it('passes when only the engines CI does not start are skipped', function () {
    const run = check(['  skip EventStore on eventstoredb: no EventStoreDB adapter yet'], 'eventstoredb');
    expect(run.status, run.stderr).to.equal(0);
  });

  it('ignores test titles that merely contain the word skip', function () {
    const run = check(['      ✔ does not redeliver a skipped event (208ms)', '    ✔ finds a range with sort, skip, limit and projection'], 'eventstoredb');
    expect(run.status, run.stderr).to.equal(0);
  });
});
