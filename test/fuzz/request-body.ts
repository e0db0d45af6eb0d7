import fc from 'fast-check';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { deeplyNested, headerText, hostileValue, invalidUtf8, rawJsonToken } from './hostile-values.js';

/** A body with the headers that describe it (content-type, content-encoding); no body at all is one of them. */
export interface BodyPart {
  readonly body?: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const CONTENT_TYPES = [
  'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"', 'APPLICATION/JSON',
  'application/json; charset=latin1', 'application/json; charset=iso-8859-1', 'application/json; charset=utf-16le', 'application/json; charset=',
  'application/json; foo=bar', 'application/merge-patch+json', 'application/vnd.api+json', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'text/plain', 'text/json', '*/*', '', 'json', 'application/', ';;;',
];

// A marker that no generated value contains, swapped for raw text or bytes once the body is JSON.
const MARK = 'FUZZ-MARK-7f3a91';

const json = (text: string | Buffer, type = 'application/json'): BodyPart => ({
  body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
  headers: { 'content-type': type },
});

/** Every path to a value inside a body, nested objects and arrays included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [...(prefix.length > 0 ? [prefix] : []), ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** The body with the value at `path` replaced (`undefined` removes it). */
function replaced(body: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(body);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The valid body with one value somewhere in it replaced by `value` (or removed). */
const withValueAt = (valid: fc.Arbitrary<Json>, value: fc.Arbitrary<unknown>) =>
  valid.chain((body) => {
    const paths = pathsOf(body);
    if (paths.length === 0) return fc.constant(body);
    return fc.tuple(fc.constantFrom(...paths), value).map(([path, chosen]) => replaced(body, path, chosen));
  });

/** JSON text of the body with its marked value written as `raw` (text no JSON encoder would produce). */
const withRaw = (valid: fc.Arbitrary<Json>, raw: fc.Arbitrary<Buffer>, inQuotes: boolean): fc.Arbitrary<BodyPart> =>
  fc.tuple(withValueAt(valid, fc.constant(MARK)), raw).map(([body, bytes]) => {
    const text = JSON.stringify(body);
    const at = text.indexOf(`"${MARK}"`);
    if (at < 0) return json(Buffer.concat([bytes, Buffer.from(text)]));
    const [start, end] = inQuotes ? [at + 1, at + 1 + MARK.length] : [at, at + MARK.length + 2];
    return json(Buffer.concat([Buffer.from(text.slice(0, start)), bytes, Buffer.from(text.slice(end))]));
  });

const extraKey = fc.oneof(fc.constantFrom('$ne', '$where', '__proto__', 'constructor', 'prototype', 'toString', 'name', 'id', ''), fc.string({ maxLength: 10 }));

/** The body with a key it does not declare put first, written as text so that `__proto__` stays a key. */
const withExtraKey = (valid: fc.Arbitrary<Json>) =>
  fc.tuple(valid, extraKey, hostileValue).map(([body, key, value]) => {
    const rest = JSON.stringify(body);
    return json(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`);
  });

let bomb: Buffer | undefined;
/** 8 MiB of spaces in 8 KiB of gzip: the body limit must apply to the inflated body. */
const gzipBomb = () => (bomb ??= gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)));

const encoded = (valid: fc.Arbitrary<Json>): fc.Arbitrary<BodyPart> =>
  fc.tuple(valid, fc.constantFrom('gzip', 'deflate', 'br', 'plain-as-gzip', 'bomb', 'zstd', 'compress', 'x-gzip', 'identity', 'gzip, gzip', 'GZIP'), headerText(20)).map(([body, how, garbage]) => {
    const text = Buffer.from(JSON.stringify(body));
    const as = (bytes: Buffer, encoding: string): BodyPart => ({ body: bytes, headers: { 'content-type': 'application/json', 'content-encoding': encoding } });
    if (how === 'gzip') return as(gzipSync(text), 'gzip');
    if (how === 'deflate') return as(deflateSync(text), 'deflate');
    if (how === 'br') return as(brotliCompressSync(text), 'br');
    if (how === 'plain-as-gzip') return as(text, 'gzip');
    if (how === 'bomb') return as(gzipBomb(), 'gzip');
    return as(text, how === 'compress' ? garbage || how : how);
  });

/**
 * A request body: mostly the route's valid one (so the command runs), else that body with a
 * value of the wrong kind somewhere in it, a value removed, an undeclared or prototype key,
 * NaN or Infinity as text, bytes that are not UTF-8; or random JSON, random bytes, deep
 * nesting, a body over the limit, compressed or falsely compressed, or none at all.
 */
export function requestBody(valid: fc.Arbitrary<Json>): fc.Arbitrary<BodyPart> {
  return fc.oneof(
    { arbitrary: valid.map((body) => json(JSON.stringify(body))), weight: 12 },
    { arbitrary: fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([body, type]) => json(JSON.stringify(body), type)), weight: 2 },
    { arbitrary: withValueAt(valid, hostileValue).map((body) => json(JSON.stringify(body))), weight: 6 },
    { arbitrary: withValueAt(valid, fc.constant(undefined)).map((body) => json(JSON.stringify(body))), weight: 1 },
    { arbitrary: withExtraKey(valid), weight: 2 },
    { arbitrary: withRaw(valid, rawJsonToken.map((token) => Buffer.from(token)), false), weight: 2 },
    { arbitrary: withRaw(valid, invalidUtf8, true), weight: 2 },
    { arbitrary: fc.jsonValue().map((value) => json(JSON.stringify(value) ?? 'null')), weight: 2 },
    { arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => json(Buffer.from(bytes))), weight: 1 },
    { arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([depth, kind]) => json(deeplyNested(depth, kind))), weight: 1 },
    { arbitrary: fc.integer({ min: 1_048_577, max: 1_300_000 }).map((n) => json(`{"name":"${'x'.repeat(n)}"}`)), weight: 1 },
    { arbitrary: encoded(valid), weight: 2 },
    { arbitrary: fc.constantFrom<BodyPart>(json(''), json('', 'text/plain'), { headers: {} }), weight: 1 },
  );
}
