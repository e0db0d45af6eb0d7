import { pino } from 'pino';
import { workload } from '../../bench/rebuild/workload.js';
import { loadConfig } from '../../src/composition/load-config.js';
import { openEventStore } from '../../src/composition/open-event-store.js';

/**
 * The rebuild workload appended a few events at a time, through the event store a configuration
 * selects (the one worker processes on `dataDir` read): for tests whose commands keep coming
 * while workers come and go.
 */
export async function workloadAppender(env: NodeJS.ProcessEnv, dataDir: string, total: number, seed: number) {
  const events = workload(total, seed);
  const store = await openEventStore(loadConfig({ ...env, DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal' }), pino({ level: 'silent' }));
  return {
    /** Appends the next `count` events (fewer once the workload ends), one per append. */
    async append(count: number): Promise<void> {
      for (let i = 0; i < count; i += 1) {
        const next = events.next();
        if (next.done) return;
        await store.appendToStream(next.value.stream, [{ type: next.value.type, data: next.value.data as never }]);
      }
    },
    close: () => store.close(),
  };
}
