import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const CODE = ['bin', 'src', 'projections', 'config', 'package.json', 'tsconfig.json'];

/**
 * A copy of the platform's code as it is when a run starts, for the processes the run starts
 * and restarts for minutes: others may edit the working tree meanwhile, and a worker restarted
 * halfway must run the same code as the first one (a file moved mid-run once stopped a soak
 * with ERR_MODULE_NOT_FOUND). Kept with the data when a run fails, to reproduce it.
 */
export function codeSnapshot(into: string): string {
  mkdirSync(into, { recursive: true });
  for (const entry of CODE) cpSync(join(ROOT, entry), join(into, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  return into;
}
