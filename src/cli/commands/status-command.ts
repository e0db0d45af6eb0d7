import type { Platform } from '../../composition/compose.js';

/** `status [--json]`: every projection's live and building generations, from the stores. */
export async function statusCommand(platform: Platform, args: { json: boolean }): Promise<number> {
  const statuses = await platform.generations.statuses();
  if (args.json) {
    console.log(JSON.stringify(statuses, null, 2));
    return 0;
  }
  const rows = statuses.map((s) => [
    s.projection,
    `g${s.generation} v${s.version}`,
    s.registryState,
    s.checkpoint ?? '-',
    `${s.lag.events} events, ${Math.round(s.lag.ms / 1000)}s`,
    String(s.parked),
    s.owner ? `${s.owner.worker} (epoch ${s.owner.epoch}, heartbeat ${s.owner.heartbeatAgeMs === null ? '?' : `${(s.owner.heartbeatAgeMs / 1000).toFixed(1)}s`} ago)` : '-',
  ]);
  const header = ['projection', 'generation', 'state', 'checkpoint', 'lag', 'parked', 'writer'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  return 0;
}
