import fc from 'fast-check';
import { hostileString } from './hostile-values.js';
import { percentEncode } from './percent-encode.js';

/** A route's query parameters, each with the values it accepts. */
export type QueryParameters = Readonly<Record<string, fc.Arbitrary<string>>>;

const pair = (name: string, value: string) => `${percentEncode(name)}=${percentEncode(value)}`;

/** Pieces that no route accepts, written as raw query text: repeated, bracketed, badly encoded, unknown or huge. */
function hostilePiece(names: readonly string[]): fc.Arbitrary<string> {
  const name = names.length > 0 ? fc.oneof(fc.constantFrom(...names), fc.constant('page')) : fc.constantFrom('page', 'q', 'x');
  return fc.oneof(
    fc.tuple(name, hostileString.filter((text) => text.length < 5_000)).map(([key, value]) => pair(key, value)),
    fc.tuple(name, fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([key, a, b]) => `${pair(key, a)}&${pair(key, b)}`),
    fc.tuple(name, fc.constantFrom('[]', '[$ne]', '[$where]', '[a][b]', '[__proto__]', '[0]', '[')).map(([key, brackets]) => `${key}${brackets}=1`),
    fc.constantFrom('__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '__proto__=1', 'constructor=1', 'toString=1', '$where=1'),
    fc.tuple(name, fc.constantFrom('%', '%zz', '%E2%82', '%C0%AF', '%ff', '%ED%A0%80', '%00', '%2')).map(([key, bad]) => `${key}=${bad}`),
    fc.constantFrom('%ff=1', '%=%', '&', '&&', '=', '==', ';', 'a', '?', '#fragment', '+', '%20=%20'),
    hostileString.filter((text) => text.length > 0 && text.length < 200).map((key) => pair(key, '1')),
    fc.tuple(name, fc.integer({ min: 1_000, max: 10_000 })).map(([key, n]) => `${key}=${'9'.repeat(n)}`),
  );
}

/**
 * A query string (with its `?`, or empty): the route's own parameters with values it accepts,
 * or (when `hostile`, four times in ten) those mixed with pieces it must refuse.
 */
export function queryString(parameters: QueryParameters, hostile = true): fc.Arbitrary<string> {
  const names = Object.keys(parameters);
  const valid = fc
    .subarray(names)
    .chain((chosen) => fc.tuple(...chosen.map((name) => parameters[name]!.map((value) => pair(name, value)))))
    .map((pairs): string[] => pairs);
  const mixed = fc.tuple(valid, fc.array(hostilePiece(names), { minLength: 1, maxLength: 3 })).chain(([good, bad]) => fc.shuffledSubarray([...good, ...bad], { minLength: bad.length }));
  return (hostile ? fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: mixed, weight: 4 }) : valid)
    .map((pieces) => (pieces.length === 0 ? '' : `?${pieces.join('&')}`));
}
