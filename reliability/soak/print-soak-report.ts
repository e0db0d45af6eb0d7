import type { WriteAudit } from '../support/audit-writes.js';
import type { Comparison } from '../support/compare-with-rebuild.js';
import type { ObservedSwitch } from '../support/projection-watcher.js';
import type { WriteLog } from '../support/write-log.js';
import type { Kill } from './kill-loop.js';

export interface SoakOutcome {
  readonly moments: readonly Kill[];
  readonly switches: readonly ObservedSwitch[];
  readonly log: WriteLog;
  readonly audit: WriteAudit;
  readonly comparison: Comparison;
  readonly crashes: readonly string[];
  readonly parked: number;
  readonly seconds: number;
}

/** A kill counts as "around a switch" when a switch was first seen within this of it, either way. */
const SWITCH_WINDOW_MS = 500;
const SHOWN = 10;

/** Prints the soak's figures and findings; returns true when it failed (a lost write, a difference, a crash). */
export function printSoakReport(outcome: SoakOutcome): boolean {
  const { moments, switches, log, audit, comparison } = outcome;
  const aroundSwitch = moments.filter((kill) => switches.some((s) => Math.abs(s.at - kill.at) <= SWITCH_WINDOW_MS)).length;
  const byScenario = new Map<string, number>();
  for (const kill of moments) byScenario.set(kill.scenario, (byScenario.get(kill.scenario) ?? 0) + 1);
  const problems = [...audit.lost, ...audit.duplicated, ...audit.refusedButWritten];

  console.log('\nSoak result');
  console.log(`  kills survived      ${moments.length} SIGKILLs of workers: ${moments.filter((k) => k.duringRebuild).length} while a rebuild was under way, ${aroundSwitch} within ${SWITCH_WINDOW_MS} ms of a switch seen by the API`);
  console.log(`                      aimed: ${[...byScenario].map(([scenario, count]) => `${scenario} ${count}`).join(', ')}; switches seen: ${switches.length}`);
  console.log(`  commands accepted   ${log.accepted.length} (202) of ${log.answers.total} sent; refused as expected or not: ${log.refused.length}`);
  console.log(`  answers             ${log.answers}`);
  console.log(`  unexpected answers  ${log.errors}`);
  console.log(`  events              ${audit.events} in the event store`);
  console.log(`  lost writes         ${audit.lost.length} lost, ${audit.duplicated.length} duplicated, ${audit.refusedButWritten.length} refused but written`);
  console.log(`  read models         ${comparison.documents} documents, ${comparison.differences.length} differences from a fresh rebuild (rebuilt in ${comparison.rebuildSeconds.toFixed(1)} s); parked events ${outcome.parked}`);
  console.log(`  worker crashes      ${outcome.crashes.length === 0 ? 'none' : outcome.crashes.join('; ')}`);
  console.log(`  duration            ${Math.floor(outcome.seconds / 60)} min ${Math.round(outcome.seconds % 60)} s`);
  for (const line of problems.slice(0, SHOWN)) console.log(`  ! ${line}`);
  for (const d of comparison.differences.slice(0, SHOWN)) console.log(`  ! ${d.projection}/${d.collection}/${d.id}: ours ${JSON.stringify(d.ours)}, rebuilt ${JSON.stringify(d.rebuilt)}`);
  return problems.length > 0 || comparison.differences.length > 0 || outcome.crashes.length > 0;
}
