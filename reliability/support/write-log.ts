import { writeFileSync } from 'node:fs';
import type { ApiResponse } from './api-client.js';
import type { ExpectedEvent, PlannedCommand } from './planned-command.js';
import { Tally } from './tally.js';

/** A write the API answered 202: what it must have appended, and where it shows. */
export interface AcceptedWrite {
  readonly kind: string;
  readonly correlationId: string;
  readonly id: string;
  readonly token: string;
  readonly expected: readonly ExpectedEvent[];
  readonly readPath: string;
  readonly readIdKey: string | undefined;
}

/** A write the API refused (4xx), or one the domain should have refused: it must have written nothing. */
export interface RefusedWrite {
  readonly kind: string;
  readonly correlationId: string;
  readonly status: number;
}

/**
 * Every answer to every write of a run. 202s are kept with the events they promise; refusals
 * with their correlation id, to prove they wrote nothing. A 5xx or a lost connection leaves
 * the outcome unknown: counted as an error, not audited.
 */
export class WriteLog {
  readonly accepted: AcceptedWrite[] = [];
  readonly refused: RefusedWrite[] = [];
  /** `<kind> <status>` for every answer. */
  readonly answers = new Tally();
  /** `<kind> <status>` for every answer other than the expected one (202, or 422 for a repeated like). */
  readonly errors = new Tally();

  record(command: PlannedCommand, correlationId: string, response: ApiResponse): AcceptedWrite | undefined {
    const label = `${command.method} ${command.kind} ${response.status || response.failure}`;
    this.answers.add(label);
    if (response.status !== command.expectedStatus) this.errors.add(label);
    const body = response.body ?? {};
    if (response.status === 202 && body.correlationId !== correlationId) this.errors.add(`${command.kind} 202 naming another correlation id`);
    if (response.status === 202 && command.expectedStatus === 202) {
      const id = String(body[command.idKey]);
      const write: AcceptedWrite = { kind: command.kind, correlationId, id, token: String(body.token), expected: command.expected(id), readPath: command.readPath(id), readIdKey: command.readIdKey };
      this.accepted.push(write);
      return write;
    }
    if ((response.status >= 400 && response.status < 500) || response.status === 202) this.refused.push({ kind: command.kind, correlationId, status: response.status });
    return undefined;
  }

  /** Every accepted and refused write, one JSON line each: what to look up when an audit fails. */
  save(file: string): void {
    const lines = [...this.accepted.map((write) => ({ accepted: write })), ...this.refused.map((write) => ({ refused: write }))].map((line) => JSON.stringify(line));
    writeFileSync(file, `${lines.join('\n')}\n`);
  }
}
