import fc from 'fast-check';

/**
 * A consistency token the API issued, damaged in a way that knows nothing of its format (so it
 * keeps working when the format changes): a character changed, cut short, doubled, reversed,
 * case swapped, padded, or with text around it.
 */
export function mutatedToken(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...tokens), fc.nat(), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 })).chain(([token, at, text]) => {
    const index = token.length === 0 ? 0 : at % token.length;
    return fc.constantFrom(
      `${token.slice(0, index)}${text}${token.slice(index + 1)}`,
      token.slice(0, index),
      token + token,
      [...token].reverse().join(''),
      token.toUpperCase(),
      `${token}==`,
      `${token}.${token}`,
      ` ${token}`,
      `${text}${token}`,
      token.replace(/[A-Za-z]/, '-'),
    );
  });
}
