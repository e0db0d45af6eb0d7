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

/**
 * Events in PostgreSQL (a fresh schema per call, left for the throwaway cluster), read models
 * embedded: for the suites that append through the platform (the HTTP suites) or through
 * `openEventStore` (the paused-worker test).
 */
export const POSTGRES_EVENTS_CONFIGURATION: Engine<PlatformConfiguration> = {
  name: 'postgres',
  unavailable: () => (process.env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set'),
  fixture: () => () => ({
    EVENT_STORE: 'postgres',
    POSTGRES_URL: process.env.POSTGRES_URL,
    POSTGRES_SCHEMA: `pj_e2e_${randomBytes(5).toString('hex')}`,
    POSTGRES_POOL_SIZE: '4',
    POSTGRES_CONSUMER_TIMEOUT_MS: '1000',
  }),
};

/**
 * Every part remote: events in PostgreSQL, read models in MongoDB (FerretDB here) and
 * Elasticsearch. For the suites whose processes share events through the configured store
 * (the crash test appends through `openEventStore`, as the workers read).
 */
export const POSTGRES_MONGODB_ELASTICSEARCH_CONFIGURATION: Engine<PlatformConfiguration> = {
  name: 'postgres+mongodb+elasticsearch',
  selectedBy: [
    ['postgres', 'mongodb', 'elasticsearch'],
    ['postgres', 'ferretdb', 'elasticsearch'],
  ],
  unavailable: () => POSTGRES_EVENTS_CONFIGURATION.unavailable() ?? mongodbAndElasticsearch.unavailable(),
  fixture: () => {
    const [events, readModels] = [POSTGRES_EVENTS_CONFIGURATION.fixture(), mongodbAndElasticsearch.fixture()];
    return () => ({ ...events(), ...readModels() });
  },
};

export const PLATFORM_CONFIGURATIONS = [embedded, mongodbAndElasticsearch];
