import { isDeepStrictEqual } from 'node:util';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import { correlationIdOf, type RecordedEvent } from '../../src/core/events.js';
import type { StartFrom } from '../../src/core/position.js';
import type { ExpectedEvent } from './planned-command.js';
import type { WriteLog } from './write-log.js';

export interface WriteAudit {
  readonly events: number;
  /** One line per accepted write missing an event it promised. */
  readonly lost: string[];
  /** One line per accepted write whose event was appended more than once. */
  readonly duplicated: string[];
  /** One line per refused write that appended something all the same. */
  readonly refusedButWritten: string[];
}

const PAGE = 5_000;

/**
 * Reads the event store file itself (every process stopped) and checks each answer against
 * it: a 202 must have appended each promised event exactly once, a refusal nothing. Events are
 * found by `$correlationId`, not by stream, so the check does not depend on which streams a
 * command writes to.
 */
export async function auditWrites(eventsFile: string, log: WriteLog): Promise<WriteAudit> {
  const store = new SqliteEventStore({ file: eventsFile });
  const byCorrelation = new Map<string, RecordedEvent[]>();
  let events = 0;
  try {
    for (let from: StartFrom = 'start'; ; ) {
      const page = await store.readAll({ fromPosition: from, maxCount: PAGE });
      // fromPosition is inclusive: every page after the first repeats the last event of the one before.
      for (const event of from === 'start' ? page : page.slice(1)) {
        events += 1;
        const correlationId = correlationIdOf(event);
        if (correlationId === undefined) continue;
        const group = byCorrelation.get(correlationId);
        if (group) group.push(event);
        else byCorrelation.set(correlationId, [event]);
      }
      if (page.length < PAGE) break;
      from = page.at(-1)!.position;
    }
  } finally {
    await store.close();
  }
  const audit: WriteAudit = { events, lost: [], duplicated: [], refusedButWritten: [] };
  for (const write of log.accepted) {
    const written = byCorrelation.get(write.correlationId) ?? [];
    for (const expected of write.expected) {
      const found = written.filter((event) => matches(event, expected)).length;
      const what = `${write.kind} ${write.id} (correlation ${write.correlationId}): ${expected.type} ${JSON.stringify(expected.data)}`;
      if (found === 0) audit.lost.push(`${what} is not in the event store`);
      if (found > 1) audit.duplicated.push(`${what} is there ${found} times`);
    }
  }
  for (const refusal of log.refused) {
    const written = byCorrelation.get(refusal.correlationId) ?? [];
    if (written.length > 0) audit.refusedButWritten.push(`${refusal.kind} answered ${refusal.status} (correlation ${refusal.correlationId}) appended ${written.map((e) => e.type).join(', ')}`);
  }
  return audit;
}

function matches(event: RecordedEvent, expected: ExpectedEvent): boolean {
  if (event.type !== expected.type) return false;
  const data = event.data as Record<string, unknown>;
  return Object.entries(expected.data).every(([field, value]) => isDeepStrictEqual(data[field], value));
}
