import fc from 'fast-check';
import { hostileString } from './hostile-values.js';
import { percentEncode } from './percent-encode.js';

/** Raw characters Node lets into a request line (0x21-0xFF): Latin-1 ones go out as single bytes, not UTF-8. */
const rawPathText = fc.string({ unit: fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 30 });

const BROKEN = ['%ZZ', '%', '%%', '%4', '%C0%AF', '%ff', '%ED%A0%80', '%E2%82', '%00', '..', '.', '%2e%2e', '%2F', '..%2F..%2Fetc%2Fpasswd', '%uD800', 'a%20b', '%2e', '~'];

/**
 * A path parameter: mostly a valid one (so the handler behind runs), else one that names
 * nothing, hostile text, broken percent-encoding, `..`, raw bytes, or a very long one (past
 * 16 KiB the request line itself is too long for Node's parser).
 */
export function pathSegment(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: valid.map(percentEncode), weight: 8 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: hostileString.filter((text) => text.length > 0 && text.length < 2_000).map(percentEncode), weight: 2 },
    { arbitrary: fc.constantFrom(...BROKEN), weight: 2 },
    { arbitrary: rawPathText, weight: 1 },
    { arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'a'.repeat(n)), weight: 1 },
  );
}
