import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

/** KurrentDB 25.1, insecure, one node, with the system projections on (so `$bc-<id>` streams exist). */
export const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';

/**
 * Starts KurrentDB in a container (testcontainers 11: GenericContainer, since
 * @testcontainers/kurrentdb needs testcontainers 12) and sets EVENTSTOREDB_URL for the engine
 * matrix. Ready when `/health/live` answers 2xx.
 */
export async function startKurrentDB(): Promise<StartedTestContainer> {
  const container = await new GenericContainer(KURRENTDB_IMAGE)
    .withExposedPorts(2113)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_CLUSTER_SIZE: '1',
      KURRENTDB_RUN_PROJECTIONS: 'All',
      KURRENTDB_START_STANDARD_PROJECTIONS: 'true',
      KURRENTDB_MEM_DB: 'true',
    })
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
    .withStartupTimeout(180_000)
    .start();
  process.env.EVENTSTOREDB_URL = `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
  console.log(`  containers: KurrentDB (${KURRENTDB_IMAGE}) at ${process.env.EVENTSTOREDB_URL}`);
  return container;
}
