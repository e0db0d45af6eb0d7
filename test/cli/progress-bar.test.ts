import { expect } from 'chai';
import { ProgressBar } from '../../src/cli/progress-bar.js';

/** A stream that is not a terminal, and a clock the test moves. */
function plain() {
  const lines: string[] = [];
  let now = 0;
  const bar = new ProgressBar('OrderView g2', { stream: { isTTY: false, write: (text: string) => lines.push(text) }, now: () => now });
  return { bar, lines, tick: (ms: number) => (now += ms) };
}

const percentages = (lines: string[]) => lines.map((line) => Number(/ (\d+\.\d)% /.exec(line)![1]));

describe('cli: the progress bar', function () {
  it('prints nothing off a terminal before there is progress to report, then the real percentage', function () {
    const { bar, lines, tick } = plain();
    for (let i = 0; i < 15; i++) {
      bar.update(0, 1_000, 0);
      tick(100);
    }
    expect(lines).to.deep.equal([]);
    bar.update(150, 1_000, 100);
    expect(lines).to.deep.equal(['OrderView g2 [#####.........................]  15.0% 150/1,000 events, 100 events/s, ETA 9s\n']);
  });

  it('prints a line each time the work passes another tenth, however fast it goes, and one at the end', function () {
    const { bar, lines, tick } = plain();
    for (let done = 1; done <= 1_000; done++) {
      bar.update(done, 1_000, 5_000);
      tick(1);
    }
    expect(percentages(lines)).to.deep.equal([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(lines.at(-1)).to.equal('OrderView g2 [##############################] 100.0% 1,000/1,000 events, 5,000 events/s\n');
  });

  it('prints a line every 2 s while the work creeps within a tenth', function () {
    const { bar, lines, tick } = plain();
    for (let second = 1; second <= 10; second++) {
      tick(1_000);
      bar.update(second, 1_000, 1);
    }
    expect(percentages(lines)).to.deep.equal([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('redraws in place on a terminal, and clears the bar when done', function () {
    const written: string[] = [];
    let now = 0;
    const bar = new ProgressBar('seed-demo', { unit: 'commands', stream: { isTTY: true, write: (text: string) => written.push(text) }, now: () => now });
    now = 500;
    bar.update(5, 10, 10);
    now = 550;
    bar.update(6, 10, 10);
    bar.update(10, 10, 10);
    bar.done();
    expect(written).to.deep.equal([
      '\rseed-demo [###############...............]  50.0% 5/10 commands, 10 commands/s, ETA 1s\x1b[K',
      '\rseed-demo [##############################] 100.0% 10/10 commands, 10 commands/s\x1b[K',
      '\r\x1b[K',
    ]);
  });
});
