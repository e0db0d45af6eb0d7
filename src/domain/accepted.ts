import type { CommandOutcome } from '../core/commands/command-handler.js';

/**
 * What a command returns (exercise 1 of the seed): the id it created or addressed, the
 * correlation id, and a token to wait for the write with. Never the entity.
 */
export interface Accepted {
  readonly id: string;
  readonly correlationId: string;
  readonly token: string;
}

export function accepted(id: string, outcome: CommandOutcome): Accepted {
  return { id, correlationId: outcome.correlationId, token: outcome.token };
}
