/**
 * Text as the adapter indexes and searches it: decomposed (NFKD) with its combining marks dropped,
 * so that "cafe" finds "Café", and with every run of characters other than letters and digits
 * made one space, so that words are what they are for the SQLite adapter (`tokenize` in
 * core/search): the standard analyzer alone would keep "name:keyboard" or "o'neil" as one token.
 *
 * For indexes of `javascript` folding only (see SearchFolding): where the node has the
 * analysis-common module, its folding analyzer does this instead, on the fields themselves. Done
 * in JS on both the indexed copy and the query, it works on any node. Case is left to the
 * standard analyzer, which lower-cases.
 */
export function searchableText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
