import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const directories: string[] = [];
let cleaning = false;

/** A fresh directory under the system's temp dir, removed when the test run ends. */
export function scratchDirectory(prefix = 'projectionist-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  directories.push(dir);
  if (!cleaning) {
    cleaning = true;
    process.once('exit', () => {
      for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    });
  }
  return dir;
}
