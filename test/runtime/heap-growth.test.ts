import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/heap-child.ts', import.meta.url).pathname;

function peakOldGenerationMb(heapGrowingPercent: string): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, scratchDirectory('projectionist-heap-')], {
    encoding: 'utf8',
    env: { ...process.env, PROJECTIONS_HEAP_GROWING_PERCENT: heapGrowingPercent },
    // spawnSync blocks mocha's own timeout: a child that hangs is killed here instead.
    timeout: 45_000,
    killSignal: 'SIGKILL',
  });
  if (run.status !== 0) throw new Error(`heap child failed (status ${run.status}, signal ${run.signal}): ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { peakOldMb: number }).peakOldMb;
}

/**
 * A process that runs projections keeps its heap near what is live. Left to itself, V8 answers
 * fast allocation by letting the old generation grow to several times what is live (a
 * million-event rebuild: 449–474 MB RSS for about 55 MB live). The child keeps 30 MB live and
 * makes garbage as a rebuild does; its old generation peaked at 108–111 MB with the default
 * setting and 257–258 MB left to V8 when this test was written.
 */
describe('projection runtime: heap growth in a process that runs projections', function () {
  this.timeout(120_000);

  it('stays well under what V8 grows to on its own', function () {
    const tuned = peakOldGenerationMb('50');
    const untuned = peakOldGenerationMb('0');
    expect(tuned, `old generation peaked at ${tuned} MB with 50%, ${untuned} MB left to V8`).to.be.below(untuned * 0.75);
  });
});
