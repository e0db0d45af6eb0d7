/**
 * Text as the adapter indexes and searches it: decomposed (NFKD) with its combining marks dropped,
 * so that "cafe" finds "Café", and with every run of characters other than letters and digits
 * made one space, so that words are what they are for the SQLite adapter (`tokenize` in
 * core/search): the standard analyzer alone would keep "name:keyboard" or "o'neil" as one token.
 *
 * Elasticsearch would fold with the `asciifolding` filter, but that lives in the analysis-common
 * module, which not every node has (our test node from Maven jars lacks it). Doing it in JS on
 * both the indexed copy and the query works on any node. Case is left to the standard analyzer,
 * which lower-cases.
 */
export function searchableText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
