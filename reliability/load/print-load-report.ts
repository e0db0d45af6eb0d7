import type { WriteAudit } from '../support/audit-writes.js';
import type { Comparison } from '../support/compare-with-rebuild.js';
import type { ProjectionWatcher } from '../support/projection-watcher.js';
import type { LoadFigures } from './mixed-load.js';

const SHOWN = 10;

/** Prints the load run's figures and findings; returns true when it failed (an error answer, a lost write, a difference). */
export function printLoadReport(warmUp: LoadFigures, run: LoadFigures, watcher: ProjectionWatcher, audit: WriteAudit, comparison: Comparison): boolean {
  const rate = (count: number) => Math.round(count / run.seconds).toLocaleString('en-US');
  const problems = [...audit.lost, ...audit.duplicated, ...audit.refusedButWritten];
  console.log('\nLoad result');
  console.log(`  throughput     ${rate(run.reads.count + run.commands.count)} requests/s over ${run.seconds.toFixed(1)} s: reads ${rate(run.reads.count)}/s, commands ${rate(run.commands.count)}/s (${run.reads.count + run.commands.count} requests)`);
  console.log(`  reads          ${run.reads.summary()}  (with a token, wait=true)`);
  console.log(`  commands       ${run.commands.summary()}`);
  console.log(`  errors         ${run.errors}${warmUp.errors.total > 0 ? `; in the warm-up: ${warmUp.errors}` : ''}`);
  console.log(`  largest lag    ${watcher.maxLagEvents.events} events (${watcher.maxLagEvents.projection || '-'}), ${watcher.maxLagMs.ms} ms (${watcher.maxLagMs.projection || '-'}); GET /api/projections every 1 s, ${watcher.samples} samples${watcher.failures ? `, ${watcher.failures} failed` : ''}`);
  console.log(`  events         ${audit.events} in the event store; ${audit.lost.length} lost, ${audit.duplicated.length} duplicated, ${audit.refusedButWritten.length} refused but written`);
  console.log(`  read models    ${comparison.documents} documents, ${comparison.differences.length} differences from a fresh rebuild (rebuilt in ${comparison.rebuildSeconds.toFixed(1)} s)`);
  for (const line of problems.slice(0, SHOWN)) console.log(`  ! ${line}`);
  for (const d of comparison.differences.slice(0, SHOWN)) console.log(`  ! ${d.projection}/${d.collection}/${d.id}: ours ${JSON.stringify(d.ours)}, rebuilt ${JSON.stringify(d.rebuilt)}`);
  return run.errors.total > 0 || warmUp.errors.total > 0 || problems.length > 0 || comparison.differences.length > 0;
}
