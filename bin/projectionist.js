#!/usr/bin/env -S node --single-threaded-gc
// The `projectionist` command. Where tsx is installed (a checkout after `npm install`) it runs the
// TypeScript sources, with no build step; without it (a production install: `npm run build`,
// then `npm prune --omit=dev`) it runs the compiled `dist/`.
import { existsSync } from 'node:fs';

const tsx = await import('tsx/esm/api').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
  throw error;
});
const compiled = new URL('../dist/src/', import.meta.url);
if (!tsx && !existsSync(compiled)) {
  console.error('projectionist: neither tsx (development: npm install) nor dist/ (production: npm run build) is here');
  process.exit(1);
}
tsx?.register();
const source = (file) => new URL(tsx ? `../src/${file}.ts` : `../dist/src/${file}.js`, import.meta.url).href;
const { main } = await import(source('cli/main'));
const { UsageError } = await import(source('cli/usage-error'));
const { ConfigError } = await import(source('composition/load-config'));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError || error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
