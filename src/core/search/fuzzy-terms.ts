/**
 * Typo tolerance as Elasticsearch's `fuzziness: AUTO` defines it: terms of 1–2 characters must
 * match exactly, 3–5 may differ by one edit, longer ones by two; a swap of neighbours is one edit.
 */
export function allowedEdits(term: string): number {
  if (term.length <= 2) return 0;
  return term.length <= 5 ? 1 : 2;
}

/** Words as SQLite's unicode61 tokenizer sees them (diacritics removed) and Elasticsearch's standard analyzer lower-cases them. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_EXPANSIONS = 50;

/** A vocabulary term within reach of a query term, and how many edits away. */
export interface TermMatch {
  readonly term: string;
  readonly distance: number;
}

/**
 * The vocabulary terms a query term matches within its allowed edits, found by scanning every
 * term. Searches use `TermIndex`, which finds the same terms without the scan; this stays as
 * the reference it is tested and measured against.
 */
export function expand(term: string, vocabulary: readonly string[]): string[] {
  const max = allowedEdits(term);
  if (max === 0) return [term];
  const matches: TermMatch[] = [];
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - term.length) > max) continue;
    const distance = editDistance(term, candidate, max);
    if (distance <= max) matches.push({ term: candidate, distance });
  }
  return rankExpansions(term, matches);
}

/**
 * The query term itself, then its matches closest first, then alphabetically, at most 50 in
 * all. `localeCompare` may call two different terms equal; the scan then kept the vocabulary
 * table's order (UTF-8 bytes, which is code point order), so code points break those ties
 * whatever order the matches come in.
 */
export function rankExpansions(term: string, matches: readonly TermMatch[]): string[] {
  const ranked = [...matches].sort((x, y) => x.distance - y.distance || x.term.localeCompare(y.term) || byCodePoints(x.term, y.term));
  return [term, ...ranked.map((m) => m.term).filter((t) => t !== term)].slice(0, MAX_EXPANSIONS);
}

function byCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  if (i === a.length || i === b.length) return a.length - b.length;
  return a.codePointAt(i)! - b.codePointAt(i)!;
}
