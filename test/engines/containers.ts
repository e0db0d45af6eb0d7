/**
 * Loaded by mocha before any spec (`.mocharc.json` `require`): where Docker runs and
 * MONGODB_URL, ELASTICSEARCH_URL or EVENTSTOREDB_URL is not set, starts that engine in a container
 * (MongoDB 8 as a single-node replica set, so transactions run; Elasticsearch 8.19 with security
 * off; KurrentDB insecure, see kurrentdb-container.ts) and
 * sets the variable, so the engine matrix finds it. Without a container runtime it prints one
 * line and starts nothing: the suites then skip those engines, each with its own line.
 * `ENGINES` limits what starts, as it limits the suites; `TESTCONTAINERS=off` starts nothing.
 * A URL already set always wins: CI and test/engines/start.sh set them for FerretDB and the
 * Elasticsearch node built from Maven Central jars.
 */
import { MongoDBContainer } from '@testcontainers/mongodb';
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import { startKurrentDB } from './kurrentdb-container.js';

const MONGODB_IMAGE = 'mongo:8.0';
const ELASTICSEARCH_IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.21';

const selected = process.env.ENGINES?.split(',').map((name) => name.trim());
const chosen = (...names: string[]) => !selected || names.some((name) => selected.includes(name));
const needMongoDB = !process.env.MONGODB_URL && chosen('mongodb', 'ferretdb');
const needElasticsearch = !process.env.ELASTICSEARCH_URL && chosen('elasticsearch');
const needKurrentDB = !process.env.EVENTSTOREDB_URL && chosen('eventstoredb');
const started: StartedTestContainer[] = [];

if ((needMongoDB || needElasticsearch || needKurrentDB) && process.env.TESTCONTAINERS !== 'off') {
  const runtime = await getContainerRuntimeClient().catch((error: unknown) => error as Error);
  if (runtime instanceof Error) {
    const engines = [needMongoDB && 'MongoDB', needElasticsearch && 'Elasticsearch', needKurrentDB && 'KurrentDB'].filter(Boolean).join(' and ');
    console.log(`  containers: ${engines} not started (no Docker: ${runtime.message})`);
  } else {
    await Promise.all([needMongoDB && startMongoDB(), needElasticsearch && startElasticsearch(), needKurrentDB && startKurrentDB().then((container) => started.push(container))]);
  }
}

async function startMongoDB(): Promise<void> {
  const container = await new MongoDBContainer(MONGODB_IMAGE).start();
  started.push(container);
  // The replica set's member is named after the container; from the host only a direct connection works.
  process.env.MONGODB_URL = `${container.getConnectionString()}/?directConnection=true`;
  console.log(`  containers: MongoDB replica set (${MONGODB_IMAGE}) at ${process.env.MONGODB_URL}`);
}

async function startElasticsearch(): Promise<void> {
  const container = await new GenericContainer(ELASTICSEARCH_IMAGE)
    .withEnvironment({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms512m -Xmx512m' })
    .withExposedPorts(9200)
    .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow', 9200))
    .withStartupTimeout(180_000)
    .start();
  started.push(container);
  process.env.ELASTICSEARCH_URL = `http://${container.getHost()}:${container.getMappedPort(9200)}`;
  console.log(`  containers: Elasticsearch (${ELASTICSEARCH_IMAGE}) at ${process.env.ELASTICSEARCH_URL}`);
}

/** Mocha runs this once every spec has finished. */
export async function mochaGlobalTeardown(): Promise<void> {
  await Promise.all(started.map((container) => container.stop()));
}
