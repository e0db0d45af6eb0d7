import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder: the nearest folder above this file that holds package.json. Files the
 * platform reads beside its code (`config/default.json`) are found from here, so the sources
 * run by tsx (`src/composition/`) and the compiled code (`dist/src/composition/`) read the same
 * files.
 */
export function projectRoot(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: the project's folder is missing`);
  }
}
