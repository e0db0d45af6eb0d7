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

/** The vocabulary terms a query term matches within its allowed edits, closest first. */
export function expand(term: string, vocabulary: readonly string[]): string[] {
  const max = allowedEdits(term);
  if (max === 0) return [term];
  const matches: { term: string; distance: number }[] = [];
  for (const candidate of vocabulary) {
    if (Math.abs(candidate.length - term.length) > max) continue;
    const distance = editDistance(term, candidate, max);
    if (distance <= max) matches.push({ term: candidate, distance });
  }
  matches.sort((x, y) => x.distance - y.distance || x.term.localeCompare(y.term));
  const terms = [term, ...matches.map((m) => m.term).filter((t) => t !== term)];
  return terms.slice(0, MAX_EXPANSIONS);
}
