import type { Platform } from '../../composition/compose.js';
import type { ProjectionStatus } from '../../core/generations/generation-status.js';

/**
 * `status [<projection>] [--json]`: the live and building generations, from the stores, under
 * the API's names: `state` and `registryState` are `GET /api/projections`' fields, with the
 * same values, and `--json` prints exactly what the API answers.
 */
export async function statusCommand(platform: Platform, args: { projection: string | undefined; json: boolean }): Promise<number> {
  const statuses = await platform.generations.statuses(args.projection);
  if (args.json) {
    console.log(JSON.stringify(statuses, null, 2));
    return 0;
  }
  if (statuses.length === 0) {
    console.log('no generation yet: no worker has started the projections (npm start, or projectionist worker)');
    return 0;
  }
  const header = ['projection', 'generation', 'state', 'registryState', 'checkpoint', 'lag', 'parked', 'writer'];
  // A partitioned projection: its generation's row sums its partitions up, then a row for each (`<projection> p<n>`), with its own writer.
  const rows = statuses.flatMap((s) => [
    rowOf(s.projection, `g${s.generation} v${s.version}`, s.registryState, s),
    ...(s.partitions ?? []).map((part) => rowOf(`${s.projection} p${part.partition}`, `g${s.generation} v${s.version}`, s.registryState, part)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}

function rowOf(name: string, generation: string, registryState: string, s: Pick<ProjectionStatus, 'state' | 'checkpoint' | 'lag' | 'parked' | 'owner'>): string[] {
  return [name, generation, s.state, registryState, s.checkpoint ?? '-', `${s.lag.events} events, ${Math.round(s.lag.ms / 1000)}s`, String(s.parked), writerOf(s)];
}

function writerOf({ owner }: Pick<ProjectionStatus, 'owner'>): string {
  if (!owner) return '-';
  const heartbeat = owner.heartbeatAgeMs === null ? '?' : `${(owner.heartbeatAgeMs / 1000).toFixed(1)}s`;
  return `${owner.worker} (epoch ${owner.epoch}, heartbeat ${heartbeat} ago)`;
}
