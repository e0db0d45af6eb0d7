import { Client } from '@elastic/elasticsearch';
import { MongoClient } from 'mongodb';
import { join } from 'node:path';
import { ElasticsearchIndexNames } from '../../src/adapters/elasticsearch/elasticsearch-index-names.js';
import { ReadModelDatabase } from '../../src/adapters/sqlite/read-models/read-model-database.js';
import { documentTable, searchTable } from '../../src/adapters/sqlite/read-models/generation-tables.js';
import type { Config } from '../../src/composition/config-schema.js';
import { loadConfig } from '../../src/composition/load-config.js';
import type { JsonObject } from '../../src/core/events.js';
import { collectionsOf, type Projection } from '../../src/core/projections/projection.js';
import { elasticsearchDocuments } from './elasticsearch-documents.js';

/** projection → collection → id → body: every live document of every projection. */
export type Snapshot = Record<string, Record<string, Record<string, JsonObject>>>;

/**
 * Every live document of every projection, read straight from the engines a configuration
 * selects (SQLite, or MongoDB and Elasticsearch), for comparing two sets of read models.
 */
export async function readModelSnapshot(env: NodeJS.ProcessEnv, dataDir: string, projections: readonly Projection[]): Promise<Snapshot> {
  const config = loadConfig({ ...env, DATA_DIR: dataDir });
  const live = await liveGenerations(config, dataDir);
  const snapshot: Snapshot = {};
  for (const projection of projections) {
    const generation = { projection, generation: live.get(projection.name)! };
    snapshot[projection.name] = {};
    for (const collection of collectionsOf(projection)) {
      const search = projection.target.kind === 'search';
      snapshot[projection.name]![collection] =
        search && config.readModels.search === 'elasticsearch'
          ? await searchDocuments(config, generation)
          : config.readModels.documents === 'mongodb'
            ? await mongoDocuments(config, `${projection.name}__g${generation.generation}__${collection}`)
            : sqliteDocuments(dataDir, search ? searchTable(generation) : documentTable(generation, collection));
    }
  }
  return snapshot;
}

async function liveGenerations(config: Config, dataDir: string): Promise<Map<string, number>> {
  if (config.readModels.documents === 'mongodb') {
    const client = await new MongoClient(config.mongodb.url).connect();
    try {
      const revisions = await client.db(config.mongodb.database).collection<{ projection: string; rev: number; generations: { generation: number; state: string }[] }>('generations').find().sort({ rev: -1 }).toArray();
      const live = new Map<string, number>();
      for (const revision of revisions) {
        if (live.has(revision.projection)) continue;
        const current = revision.generations.find((g) => g.state === 'live');
        if (current) live.set(revision.projection, current.generation);
      }
      return live;
    } finally {
      await client.close();
    }
  }
  const database = new ReadModelDatabase(join(dataDir, 'read-models.db'));
  try {
    const rows = database.db.prepare("SELECT projection, generation FROM rm_generations WHERE state = 'live'").all() as { projection: string; generation: number }[];
    return new Map(rows.map((row) => [row.projection, row.generation]));
  } finally {
    database.close();
  }
}

function sqliteDocuments(dataDir: string, table: string): Record<string, JsonObject> {
  const database = new ReadModelDatabase(join(dataDir, 'read-models.db'));
  try {
    const rows = database.db.prepare(`SELECT id, body FROM ${table} WHERE body IS NOT NULL`).all() as { id: string; body: string }[];
    return Object.fromEntries(rows.map((row) => [row.id, JSON.parse(row.body) as JsonObject]));
  } finally {
    database.close();
  }
}

async function mongoDocuments(config: Config, collection: string): Promise<Record<string, JsonObject>> {
  const client = await new MongoClient(config.mongodb.url, { useBigInt64: true }).connect();
  try {
    const records = await client.db(config.mongodb.database).collection<{ _id: string; body: JsonObject | null }>(collection).find({ body: { $ne: null } }).toArray();
    return Object.fromEntries(records.map((record) => [record._id, record.body!]));
  } finally {
    await client.close();
  }
}

async function searchDocuments(config: Config, generation: { projection: Projection; generation: number }): Promise<Record<string, JsonObject>> {
  const client = new Client({ node: config.elasticsearch.url });
  const names = new ElasticsearchIndexNames(config.elasticsearch.prefix);
  try {
    return await elasticsearchDocuments(client, names.alias(generation), names.generation(generation));
  } finally {
    await client.close();
  }
}
