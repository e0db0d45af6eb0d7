import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { eventually } from '../support/async.js';
import { scratchDirectory } from '../support/scratch-directory.js';
import { testPlatform } from '../support/test-platform.js';
import { projections } from '../../projections/index.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;
const API_STATES = ['catching_up', 'live', 'rebuilding', 'stopped', 'failed', 'standby', 'idle'];

describe('cli: status, parked and cancel-rebuild on the seed projections', function () {
  this.timeout(120_000);
  let dataDir: string;
  const cli = (args: string[], directory = dataDir): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: directory }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });

  before(async function () {
    const platform = await testPlatform();
    dataDir = platform.dataDir;
    await platform.start();
    await eventually(async () => expect((await platform.generations.statuses()).filter((s) => s.registryState === 'live')).to.have.length(projections.length));
    await platform.close();
  });

  it('says so when nothing is parked, and exits 0', async function () {
    const run = await cli(['parked', 'ArticleListView']);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('ArticleListView: no parked events\n');
  });

  it('names the known projections for an unknown one, and exits 2, whatever the command', async function () {
    const known = projections.map((projection) => projection.name).join(', ');
    const runs = await Promise.all([['rebuild', 'NoSuchView'], ['cancel-rebuild', 'NoSuchView'], ['parked', 'NoSuchView'], ['parked', 'NoSuchView', '--replay'], ['status', 'NoSuchView']].map((args) => cli(args)));
    for (const run of runs) {
      expect(run.status, run.stderr).to.equal(2);
      expect(run.stderr).to.equal(`unknown projection NoSuchView; known: ${known}\n`);
    }
  });

  it('shows the states under the API’s names and values, as status --json (the API’s answer) has them', async function () {
    const [table, json] = await Promise.all([cli(['status']), cli(['status', '--json'])]);
    expect(table.status, table.stderr).to.equal(0);
    const [header, ...rows] = table.stdout.trim().split('\n').map((line) => line.split(/\s{2,}/));
    expect(header).to.deep.equal(['projection', 'generation', 'state', 'registryState', 'checkpoint', 'lag', 'parked', 'writer']);
    type Part = { partition: number; state: string; owner: { worker: string } | null };
    const statuses = JSON.parse(json.stdout) as { projection: string; state: string; registryState: string; partitions: Part[] | null }[];
    // A row per generation, then one per partition of a partitioned projection (OrderView: three), each with its writer.
    expect(rows.map((row) => `${row[0]} ${row[2]} ${row[3]}`)).to.deep.equal(
      statuses.flatMap((s) => [`${s.projection} ${s.state} ${s.registryState}`, ...(s.partitions ?? []).map((p) => `${s.projection} p${p.partition} ${p.state} ${s.registryState}`)]),
    );
    const partitionRows = rows.filter((row) => row[0]!.startsWith('OrderView p'));
    expect(partitionRows.map((row) => row[0])).to.deep.equal(['OrderView p0', 'OrderView p1', 'OrderView p2']);
    const owners = statuses.find((s) => s.projection === 'OrderView')!.partitions!.map((p) => p.owner);
    // The workers stopped before the CLI ran: the writer column says so as the API does (no owner).
    expect(owners).to.deep.equal([null, null, null]);
    expect(partitionRows.map((row) => row[7])).to.deep.equal(['-', '-', '-']);
    for (const row of rows) expect(API_STATES).to.include(row[2]);
    const one = await cli(['status', 'OrderView']);
    expect(one.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s{2,}/)[0])).to.deep.equal(['OrderView', 'OrderView p0', 'OrderView p1', 'OrderView p2']);
  });

  it('exits 1, saying why, when a known projection has no rebuild to cancel, or nothing live yet', async function () {
    const run = await cli(['cancel-rebuild', 'OrderView']);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.equal('Projection OrderView has no rebuild in progress\n');
    const fresh = await cli(['parked', 'ArticleListView'], scratchDirectory());
    expect(fresh.status).to.equal(1);
    expect(fresh.stderr).to.equal('Projection ArticleListView has no live generation yet: no worker has built it\n');
  });
});
