import fc from 'fast-check';
import { headerText } from './hostile-values.js';
import type { KnownEntities } from './known-entities.js';
import { mutatedToken } from './mutated-token.js';

/**
 * The headers besides the body's own: `Idempotency-Key` (a few reused keys, so that the same
 * key comes back with the same body and with another), `X-Correlation-Id`,
 * `X-Consistent-With`, `Authorization` in every form, `Origin`, `Accept`. Each is absent
 * more often than not, so that most requests still reach their handler.
 */
export function requestHeaders(known: KnownEntities): fc.Arbitrary<Record<string, string>> {
  const admin = known.adminToken;
  return fc.record(
    {
      'idempotency-key': fc.oneof(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'), fc.uuid(), headerText(300), fc.constant('')),
      'x-correlation-id': fc.oneof(fc.constantFrom(...known.correlationIds), fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/), headerText(200)),
      'x-consistent-with': fc.oneof(fc.constantFrom(...known.tokens), mutatedToken(known.tokens), headerText(300)),
      authorization: fc.oneof(
        { arbitrary: fc.constantFrom(`Bearer ${admin}`, `bearer ${admin}`, `BEARER  ${admin} `), weight: 4 },
        { arbitrary: fc.constantFrom('Bearer', 'Bearer ', `Basic ${admin}`, `Bearer ${admin}x`, `Bearer ${admin.slice(1)}`, `Bearer\t${admin}`, 'Negotiate abc'), weight: 2 },
        { arbitrary: headerText(100), weight: 1 },
      ),
      origin: fc.oneof(fc.constantFrom('https://good.example', 'https://evil.example', 'null'), headerText(100)),
      accept: fc.oneof(fc.constantFrom('application/json', 'text/event-stream', 'text/html', '*/*', 'application/problem+json'), headerText(50)),
    },
    { requiredKeys: [] },
  );
}
