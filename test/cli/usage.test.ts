import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { CLI_COMMANDS } from '../../src/cli/cli-commands.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const CLI = new URL('../../bin/projectionist.js', import.meta.url).pathname;
const EXIT_CODES = 'Exit codes: 0 done, 1 failed, 2 misused';

/** Runs the CLI as a child process on an empty data directory; resolves however it exits. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: scratchDirectory() }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('cli: usage, --help and exit codes', function () {
  this.timeout(120_000);

  it('answers --help for every command with its own usage and the exit codes, and exits 0', async function () {
    const names = Object.keys(CLI_COMMANDS);
    expect(names).to.include.members(['start', 'serve', 'worker', 'status', 'rebuild', 'cancel-rebuild', 'parked', 'seed-demo']);
    const runs = await Promise.all(names.map((name) => cli([name, '--help'])));
    runs.forEach((run, i) => {
      const name = names[i]!;
      expect(run.status, `${name} --help: ${run.stderr}`).to.equal(0);
      expect(run.stdout.split('\n')[0], name).to.equal(`Usage: projectionist ${CLI_COMMANDS[name]!.synopsis}`);
      expect(run.stdout, name).to.contain(CLI_COMMANDS[name]!.details).and.contain(EXIT_CODES);
    });
    expect(runs.find((_, i) => names[i] === 'seed-demo')!.stdout).to.contain('--concurrency <n>').and.contain('--seed <n>').and.contain('--scale <x>');
  });

  it('lists every command with --help (exit 0), and without a command exits 2 with the same list on stderr', async function () {
    const [help, bare] = await Promise.all([cli(['--help']), cli([])]);
    expect(help.status).to.equal(0);
    for (const { synopsis } of Object.values(CLI_COMMANDS)) expect(help.stdout).to.contain(synopsis);
    expect(help.stdout).to.contain(EXIT_CODES);
    expect(bare.status).to.equal(2);
    expect(bare.stderr).to.equal(help.stdout);
  });

  it('exits 2, naming the mistake, for an unknown command or option, a missing projection, or an extra argument', async function () {
    const [command, option, missing, extra, stream] = await Promise.all([
      cli(['frobnicate']),
      cli(['status', '--bogus']),
      cli(['rebuild']),
      cli(['seed-demo', 'lots']),
      cli(['parked', 'OrderView', '--stream', 'order-1']),
    ]);
    expect(command.status).to.equal(2);
    expect(command.stderr.split('\n')[0]).to.equal('unknown command frobnicate');
    expect(option.status).to.equal(2);
    expect(option.stderr.split('\n')[0]).to.equal("status: Unknown option '--bogus'");
    expect(missing.status).to.equal(2);
    expect(missing.stderr.split('\n')[0]).to.equal('rebuild needs a projection name');
    expect(missing.stderr).to.contain('Usage: projectionist rebuild <projection> [--in-place]');
    expect(extra.status).to.equal(2);
    expect(extra.stderr.split('\n')[0]).to.equal('seed-demo: unexpected argument lots');
    expect(stream.status).to.equal(2);
    expect(stream.stderr.split('\n')[0]).to.equal('parked: --stream goes with --replay');
  });
});
