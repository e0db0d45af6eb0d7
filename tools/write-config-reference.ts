import { readFileSync, writeFileSync } from 'node:fs';
import { configSchema } from '../src/composition/config-schema.js';
import { configReference } from './config-reference.js';
import { withReadmeSection } from './with-readme-section.js';

/** `npm run docs:config`: writes the configuration reference into the README, from the convict schema. */
const README = new URL('../README.md', import.meta.url);
const before = readFileSync(README, 'utf8');
const after = withReadmeSection(before, 'config', configReference(configSchema));
writeFileSync(README, after);
console.log(after === before ? 'README.md: the configuration reference was up to date' : 'README.md: configuration reference written');
