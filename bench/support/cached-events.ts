import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadEvents } from '../rebuild/load-events.js';

/** The workload's events file, kept under ~/.cache between runs: writing a million events takes a minute. */
export async function cachedEvents(total: number): Promise<string> {
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'projectionist', 'bench');
  const file = join(dir, `events-${total}-v1.db`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    console.log(`writing ${total.toLocaleString('en-US')} events to ${file} (once)`);
    const partial = `${file}.partial`;
    await loadEvents(partial, total);
    renameSync(partial, file);
  }
  return file;
}

