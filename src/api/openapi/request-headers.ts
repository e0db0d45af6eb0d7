import { CORRELATION_ID } from '../correlation.js';
import { IDEMPOTENCY_KEY } from '../commands/idempotency-key.js';
import { TOKEN_ALPHABET } from '../consistency-token.js';
import { consistencyParameters } from '../consistent-read.js';
import type { HeaderParameter } from './api-operation.js';

/** The request headers the API reads, with the patterns it checks them against. */
export const requestHeaders = {
  /** Read by every route under /api (correlation.ts). */
  correlationId: {
    name: 'X-Correlation-Id',
    description: 'Honoured and echoed (else generated), and stored on the events a command appends as $correlationId.',
    schema: { type: 'string', pattern: CORRELATION_ID.source },
  },
  idempotencyKey: {
    name: 'Idempotency-Key',
    description: 'The same key with the same body answers the first answer again and appends nothing; with another body, 422.',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  },
  consistentWith: {
    name: 'X-Consistent-With',
    description: 'The token a write answered (as the query parameter consistentWith): wait for that write.',
    schema: { type: 'string', maxLength: consistencyParameters.consistentWith.json.maxLength, pattern: TOKEN_ALPHABET.source },
  },
} satisfies Record<string, HeaderParameter>;
