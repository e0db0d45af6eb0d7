/**
 * Percent-encodes text as `encodeURIComponent` does, except that a lone surrogate (which
 * `encodeURIComponent` refuses) becomes the three bytes a careless encoder would emit for it
 * (`\ud800` -> `%ED%A0%80`): not UTF-8, and exactly what a server must refuse cleanly.
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else encoded += encodeURIComponent(char);
  }
  return encoded;
}
