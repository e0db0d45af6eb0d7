import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiResponse } from './api-client.js';
import type { CommandMix } from './command-mix.js';
import type { AcceptedWrite, WriteLog } from './write-log.js';

/**
 * Sends the mix's next write with a correlation id of our own (the API honours
 * `X-Correlation-Id` and stores it as `$correlationId`), so that its events can be found in
 * the event store whatever streams the command writes to, and whatever the answer was.
 */
export async function sendCommand(api: ApiClient, mix: CommandMix, log: WriteLog): Promise<{ response: ApiResponse; accepted: AcceptedWrite | undefined; expectedStatus: number; kind: string }> {
  const command = mix.next();
  const correlationId = `${mix.pool.runId}-${randomUUID()}`;
  const response = await api.send(command.method, command.path, command.body, { 'x-correlation-id': correlationId });
  const accepted = log.record(command, correlationId, response);
  if (accepted) command.remember(accepted.id, mix.pool);
  return { response, accepted, expectedStatus: command.expectedStatus, kind: command.kind };
}
