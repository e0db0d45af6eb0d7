import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for one benchmark's files, removed when the process exits. */
export function scratch(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `projectionist-bench-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
