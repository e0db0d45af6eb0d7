import { projections } from '../../projections/index.js';
import type { ApiClient } from '../support/api-client.js';
import type { GenerationStatus, ProjectionWatcher } from '../support/projection-watcher.js';
import { requestRebuild } from '../support/request-rebuild.js';
import type { WorkerFleet } from '../support/worker-fleet.js';

/** Where a rebuild stands when its kill comes. */
export type Scenario = 'plain' | 'during-rebuild' | 'before-switch' | 'after-switch';

export interface Kill {
  readonly at: number;
  readonly scenario: Scenario;
  /** A generation was being built when the kill came, by the last sample before it. */
  readonly duringRebuild: boolean;
}

export interface KillLoopOptions {
  readonly kills: number;
  /** Every this many rounds (a round ends in one kill, or two when every worker goes), the kill is aimed at a rebuild. */
  readonly rebuildEvery: number;
  /** A kill `before-switch` waits until the rebuild has at most this many events left. */
  readonly nearSwitchEvents: number;
  readonly adminToken: string;
  readonly random: () => number;
  /** Why the run cannot go on (the API process died), checked before each kill. */
  readonly broken: () => string | undefined;
}

type AimedScenario = Exclude<Scenario, 'plain'>;
const REBUILD_SCENARIOS: AimedScenario[] = ['during-rebuild', 'before-switch', 'after-switch'];
const WAIT_FOR_MOMENT_MS = 60_000;

/**
 * SIGKILLs workers until `kills` were killed. Before each kill the fleet is full again (one or
 * two workers run most of the time). Most kills come at a random moment; every few, a rebuild
 * of a random projection is requested first and the kill aimed at it, in turn: while it builds
 * (one worker), when it is a batch or two from its switch, or as soon as the switch is seen
 * (every worker, since either may be the one switching).
 */
export async function killLoop(api: ApiClient, fleet: WorkerFleet, watcher: ProjectionWatcher, options: KillLoopOptions): Promise<Kill[]> {
  const kills: Kill[] = [];
  let rebuilds = 0;
  for (let round = 1; kills.length < options.kills; round += 1) {
    const broken = options.broken();
    if (broken) throw new Error(`stopped after ${kills.length} kills: ${broken}`);
    await fleet.fill();
    let scenario: Scenario = 'plain';
    if (round % options.rebuildEvery === 0) {
      const wanted = REBUILD_SCENARIOS[rebuilds % REBUILD_SCENARIOS.length]!;
      rebuilds += 1;
      scenario = (await aimAtRebuild(api, watcher, options, wanted)) ? wanted : 'plain';
    }
    if (scenario === 'plain') await sleep(options.random() * 1_000);
    const duringRebuild = watcher.latest.some((status) => status.registryState === 'building');
    const at = Date.now();
    const killed = scenario === 'before-switch' || scenario === 'after-switch' ? await fleet.killAll() : (await fleet.killOne(), 1);
    for (let k = 0; k < killed; k += 1) kills.push({ at, scenario, duringRebuild });
    if (kills.length % 20 < killed) console.log(`  ${kills.length} kills, last ${scenario}${duringRebuild ? ' (a rebuild under way)' : ''}`);
  }
  return kills;
}

/** Requests a rebuild and waits for the moment the scenario aims at; false when no rebuild could start. */
async function aimAtRebuild(api: ApiClient, watcher: ProjectionWatcher, options: KillLoopOptions, scenario: AimedScenario): Promise<boolean> {
  const idle = projections.filter((p) => !watcher.latest.some((s) => s.projection === p.name && s.registryState === 'building'));
  const projection = idle[Math.floor(options.random() * idle.length)];
  if (!projection) return false;
  const generation = await requestRebuild(api, options.adminToken, projection.name);
  if (generation === 'busy') return false;
  const of = (statuses: GenerationStatus[]) => statuses.find((s) => s.projection === projection.name && s.generation === generation);
  // Each moment also comes once the generation is live: a small rebuild may switch before any sample sees it building.
  const moment: Record<AimedScenario, (s: GenerationStatus | undefined) => boolean> = {
    'during-rebuild': (s) => s?.registryState === 'live' || (s?.registryState === 'building' && s.checkpoint !== null),
    'before-switch': (s) => s?.registryState === 'live' || (s?.registryState === 'building' && s.checkpoint !== null && s.lag.events <= options.nearSwitchEvents),
    'after-switch': (s) => s?.registryState === 'live',
  };
  await watcher.until((statuses) => moment[scenario](of(statuses)), WAIT_FOR_MOMENT_MS).catch(() => {
    console.log(`  ${projection.name}#${generation} did not reach its ${scenario} moment within ${WAIT_FOR_MOMENT_MS / 1000} s: killing all the same`);
  });
  if (scenario === 'during-rebuild') await sleep(options.random() * 200);
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
