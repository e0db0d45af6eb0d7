import { randomBytes } from 'node:crypto';
import type { Engine } from './engine-matrix.js';

/**
 * The whole platform's read-model configurations, for the suites that run it end to end (the
 * crash test, the HTTP suites): the embedded default, and MongoDB with Elasticsearch (FerretDB
 * and our Elasticsearch node here). A fixture is the environment that selects it; each call gives
 * a database and index prefix of its own.
 */
export type PlatformConfiguration = () => NodeJS.ProcessEnv;

const embedded: Engine<PlatformConfiguration> = {
  name: 'sqlite',
  unavailable: () => undefined,
  fixture: () => () => ({}),
};

const mongodbAndElasticsearch: Engine<PlatformConfiguration> = {
  name: 'mongodb+elasticsearch',
  selectedBy: [
    ['mongodb', 'elasticsearch'],
    ['ferretdb', 'elasticsearch'],
  ],
  unavailable: () =>
    !process.env.MONGODB_URL ? 'MONGODB_URL is not set' : !process.env.ELASTICSEARCH_URL ? 'ELASTICSEARCH_URL is not set' : undefined,
  fixture: () => () => {
    const unique = randomBytes(5).toString('hex');
    return {
      READ_MODELS_DOCUMENTS: 'mongodb',
      READ_MODELS_SEARCH: 'elasticsearch',
      MONGODB_URL: process.env.MONGODB_URL,
      MONGODB_DATABASE: `projectionist_e2e_${unique}`,
      ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL,
      ELASTICSEARCH_PREFIX: `pje2e-${unique}-`,
    };
  },
};

export const PLATFORM_CONFIGURATIONS = [embedded, mongodbAndElasticsearch];
