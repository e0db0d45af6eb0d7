import fc from 'fast-check';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** Text of any code point, lone surrogates included (fast-check's own units never produce those). */
const anyText = (maxLength: number) =>
  fc.string({ unit: fc.oneof({ arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 9 }, { arbitrary: loneSurrogate, weight: 1 }), maxLength });

/** Strings that have broken parsers, stores and log lines before. */
const TRICKY = [
  '', ' ', '\t\n', '\u0000', '\ud800', '\udfff', '\ud83d', '\ud83d\ude00', '\u202e', '\ufeff', '\u2028',
  '$ne', '$where', '$gt', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', 'null', 'undefined', 'true',
  '%s%o%d%j', '../../../etc/passwd', '..', '<script>alert(1)</script>', "' OR 1=1 --", '"', '*', 'AND', 'NEAR(', 'a:b', '-x', '^', '{"$gt":""}',
];

/** A string a client should never send: tricky, random, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TRICKY), weight: 6 },
  { arbitrary: anyText(40), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.integer({ min: 201, max: 5_000 }).map((n) => 'é'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 200_001, max: 600_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** An array or object nested `depth` levels deep. */
export const deeplyNested = (depth: number, kind: 'array' | 'object'): string =>
  kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const nested = fc
  .tuple(fc.integer({ min: 2, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => JSON.parse(deeplyNested(depth, kind)) as unknown);

const operatorObject = fc
  .tuple(fc.constantFrom('$ne', '$where', '$gt', '$regex', '__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`) as unknown);

/** A JSON value of any kind where a field of one kind belongs: wrong types, operators, prototype keys, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 0.5, -0.01, 1e308, -1e308, 2 ** 53 + 1, 1e9 + 1), weight: 3 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: operatorObject, weight: 2 },
  { arbitrary: nested, weight: 1 },
);

/** Text that must not be taken for a JSON number, or a JSON value at all. */
export const rawJsonToken: fc.Arbitrary<string> = fc.constantFrom(
  'NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '-0', '0x10', '01', '.5', '+1', 'undefined', "'single'", '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"',
  '"\\x41"', '"unterminated', '[1,]', '{"a":1,}', '/* comment */ 1', 'tru', 'nul', '"a" "b"',
);

/** Byte sequences no UTF-8 decoder may accept. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom([0xff], [0xfe], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80])
  .map((bytes) => Buffer.from(bytes));

/** A header value Node will send: tab, visible ASCII and Latin-1, nothing that ends the line. */
export const headerText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((code) => String.fromCharCode(code)),
    maxLength,
  });
