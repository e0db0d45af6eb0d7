import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The first code of a worker thread that runs `entry` (pass it to `new Worker(…, { eval: true })`).
 * Run from TypeScript sources (tsx), a worker thread does not inherit the loader hooks of its
 * parent on Node 20: it registers tsx's (its ESM API, found through the package's exports: this
 * file may itself have been compiled to CommonJS) before the entry.
 */
export function threadEntrySource(entry: URL): string {
  if (!entry.pathname.endsWith('.ts')) return `import(${JSON.stringify(entry.href)})`;
  const manifest = createRequire(entry).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
}

/** The file beside `base` named `name`, with the extension `base` has (`.ts` from sources, `.js` once compiled). */
export function entryBeside(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
