import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { commandContext } from '../../core/commands/command-context.js';
import type { CommandHandler } from '../../core/commands/command-handler.js';
import type { WriteReceipts } from '../write-receipts.js';
import { commandSchemas } from './command-schemas.js';
import type { CommandRoute } from './command-table.js';
import { fingerprintOf, idempotencyKeyOf } from './idempotency-key.js';
import { IdempotentRequests, type Answer } from './idempotent-requests.js';

export interface CommandRouterOptions {
  /** How long an idempotency key is remembered. */
  readonly idempotencyTtlMs: number;
}

/**
 * Mounts the command table. Every write goes the same way: its body is checked against its
 * schema (nothing runs for a body that does not fit), its id is settled (the path's, or a new
 * one), it runs once per `Idempotency-Key`, and it answers `202 Accepted` with the id, the
 * correlation id and a consistency token, never the entity (seed, exercises 1 and 4).
 */
export function commandRouter(
  routes: readonly CommandRoute[],
  handler: CommandHandler,
  receipts: WriteReceipts,
  requests: IdempotentRequests,
  options: CommandRouterOptions,
): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const body = route.schema.parse(req.body, '');
      const id = req.params.id === undefined ? randomUUID() : commandSchemas.pathId.parse(String(req.params.id), 'id');
      const correlationId = res.locals.correlationId as string;
      const key = idempotencyKeyOf(req);
      const fingerprint = key === undefined ? '' : fingerprintOf(req, body);
      const run = async (): Promise<Answer> => {
        const idempotency = key === undefined ? undefined : { key, fingerprint, outcome: { id, correlationId }, expiresAt: new Date(Date.now() + options.idempotencyTtlMs) };
        const context = commandContext(correlationId, idempotency);
        // The access log line names the command's events' causation id too.
        res.locals.causationId = context.causationId;
        const result = await route.run(handler, body, id, context);
        return { id: result.id, correlationId, receipt: result.receipt };
      };
      const { answer, replayed } = key === undefined ? { answer: await run(), replayed: false } : await requests.run(key, fingerprint, run);
      const token = await receipts.tokenOf(answer.receipt);
      const self = route.self(answer.id);
      if (replayed) res.set({ 'Idempotent-Replayed': 'true', 'X-Correlation-Id': answer.correlationId });
      res
        .status(202)
        .location(self)
        .json({
          [route.answersWith]: answer.id,
          correlationId: answer.correlationId,
          token,
          status: 'PROCESSING',
          links: { self, status: `${self}?consistentWith=${token}&wait=true` },
        });
    });
  }
  return router;
}
