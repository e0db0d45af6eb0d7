import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/heap-child.ts', import.meta.url).pathname;

function peakHeapMb(env: NodeJS.ProcessEnv): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, scratchDirectory('projectionist-heap-')], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`heap child failed (${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { peakMb: number }).peakMb;
}

/**
 * A process that runs projections keeps its heap near what is live: V8, left to itself, grows a
 * heap that makes garbage fast to several times its live size (a million-event rebuild: 450 MB
 * RSS for 55 MB live). The child keeps 30 MB live and makes garbage as a rebuild does.
 */
describe('projection runtime: heap growth in a process that runs projections', function () {
  this.timeout(60_000);

  it('stays well under what V8 grows to on its own', function () {
    const tuned = peakHeapMb({});
    const untuned = peakHeapMb({ PROJECTIONS_HEAP_GROWING_PERCENT: '0' });
    expect(tuned, `peak heap ${tuned} MB tuned (default), ${untuned} MB left to V8`).to.be.below(untuned * 0.75);
  });
});
