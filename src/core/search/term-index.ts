import { allowedEdits, rankExpansions, type TermMatch } from './fuzzy-terms.js';
import { TermTrie } from './term-trie.js';

/** Changes kept beside the built tries before they are built again: at least this many, or an eighth of the terms. */
const REBUILD_AFTER = 1_024;
/** Below this many changes, moving an array's tail (a memmove per change) costs less than merging it whole. */
const SPLICE_LIMIT = 64;

/**
 * A vocabulary indexed for typo-tolerant expansion, finding what `expand` finds without
 * measuring the word against every term. The terms are held in two tries (`TermTrie`), one of
 * them as written and one of them reversed.
 *
 * Cut the word after its first half. In the edits that take a term to the word, either the
 * first half has none, and the term starts with it exactly; or a swap across the cut and
 * nothing else touches the first half, and the term starts with it as swapped; or the first
 * half has at least one, and the term's end is within one edit fewer of the second half (a swap
 * across the cut counts there as one substitution). So two walks go down the trie of the terms
 * below those two fixed prefixes, and one down the trie of the reversed terms holding the
 * second half to `max - 1` edits. Each prunes from its first letters, where a walk allowing two
 * edits everywhere could prune nothing before the third: about 600 rows a word at 50,000 terms.
 *
 * A change does not rebuild the tries: terms added since go into small tries of their own
 * (rebuilt on each change), terms removed since are filtered out of the matches, and once the
 * changes number an eighth of the terms, the big tries are built again (an O(units) pass).
 *
 * Chosen over deletion neighbourhoods (SymSpell), which at two edits keep about 36 keys for a
 * term of eight letters (some 1.8 million for 50,000 terms, hundreds of MB in a Map), and over a
 * q-gram filter, which must still check candidates one by one and filters poorly on words of
 * three to five letters. The tries take about 14 bytes a prefix (some 7 MB for 50,000 terms).
 */
export class TermIndex {
  private built = { forward: TermTrie.build([]), backward: TermTrie.build([]) };
  private recent: string[] = [];
  private recentTries = this.built;
  private readonly removed = new Set<string>();

  get size(): number {
    return this.built.forward.terms.length - this.removed.size + this.recent.length;
  }

  /** Applies a change to the vocabulary: terms now in it, and terms no longer in it. */
  update(present: readonly string[], absent: readonly string[]): void {
    if (this.size === 0 && absent.length === 0) {
      // The first load: build at once, without checking each term against an empty index.
      const terms = [...new Set(present)].sort();
      this.built = tries(terms, terms.map(reverse).sort());
      return;
    }
    const added: string[] = [];
    for (const term of new Set(present)) {
      // A built term removed before is back; any other term the index lacks is recent.
      if (!this.removed.delete(term) && !this.has(term)) added.push(term);
    }
    const dropped = absent.filter((term) => this.recent[lowerBound(this.recent, term)] === term);
    for (const term of absent) if (this.built.forward.has(term)) this.removed.add(term);
    if (added.length > 0 || dropped.length > 0) this.recent = changed(this.recent, added, dropped);
    if (this.recent.length + this.removed.size > Math.max(REBUILD_AFTER, this.built.forward.terms.length / 8)) this.rebuild();
    else if (added.length > 0 || dropped.length > 0) this.recentTries = tries(this.recent, this.recent.map(reverse).sort());
  }

  has(term: string): boolean {
    return (this.built.forward.has(term) && !this.removed.has(term)) || this.recent[lowerBound(this.recent, term)] === term;
  }

  /** The query word, then the terms within its allowed edits, ranked and capped as `expand` does. */
  expand(word: string): string[] {
    const max = allowedEdits(word);
    return max === 0 ? [word] : rankExpansions(word, this.within(word, max));
  }

  /** Every term within `max` edits (optimal string alignment; 1 or 2, as `allowedEdits` gives) of `word`. */
  within(word: string, max: number): TermMatch[] {
    // The argument above holds for one and two edits; three would leave cases to no walk.
    if (max < 1 || max > 2) throw new RangeError(`the index finds terms within 1 or 2 edits, not ${max}`);
    const found = new Map<string, number>();
    const keep = (term: string, distance: number) => {
      if (!this.removed.has(term)) found.set(term, distance);
    };
    const split = word.length >> 1;
    const swapped = word.slice(0, split - 1) + word.charAt(split) + word.charAt(split - 1);
    const backwards = reverse(word);
    for (const { forward, backward } of [this.built, this.recentTries]) {
      forward.walk(word, max, keep, { prefix: word.slice(0, split) });
      if (swapped !== word.slice(0, split + 1)) forward.walk(word, max, keep, { prefix: swapped.slice(0, split) });
      backward.walk(backwards, max, (term, distance) => keep(reverse(term), distance), { split: word.length - split, slack: max - 1 });
    }
    return [...found].map(([term, distance]) => ({ term, distance }));
  }

  private rebuild(): void {
    const forward = changed(this.built.forward.terms.filter((term) => !this.removed.has(term)), this.recent, []);
    const removedBackwards = new Set([...this.removed].map(reverse));
    const backward = this.built.backward.terms.filter((term) => !removedBackwards.has(term));
    this.built = tries(forward, changed(backward, this.recent.map(reverse), []));
    this.recent = [];
    this.recentTries = tries([], []);
    this.removed.clear();
  }
}

function tries(forward: readonly string[], backward: readonly string[]): { forward: TermTrie; backward: TermTrie } {
  return { forward: TermTrie.build(forward), backward: TermTrie.build(backward) };
}

/** Reversed by UTF-16 code units, as the distance counts them (a pair of surrogates is two units). */
function reverse(text: string): string {
  // Spreading the units is the fastest way for short terms; a long one would overflow the stack.
  if (text.length > 256) return text.split('').reverse().join('');
  const units = new Array<number>(text.length);
  for (let i = 0; i < text.length; i += 1) units[text.length - 1 - i] = text.charCodeAt(i);
  return String.fromCharCode(...units);
}

/** A sorted array with terms added and removed. */
function changed(terms: readonly string[], added: readonly string[], removed: readonly string[]): string[] {
  if (added.length + removed.length <= SPLICE_LIMIT) {
    const result = [...terms];
    for (const term of removed) result.splice(lowerBound(result, term), 1);
    for (const term of added) result.splice(lowerBound(result, term), 0, term);
    return result;
  }
  const gone = new Set(removed);
  return merge(gone.size === 0 ? terms : terms.filter((term) => !gone.has(term)), [...added].sort());
}

function lowerBound(terms: readonly string[], term: string): number {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (terms[middle]! < term) low = middle + 1;
    else high = middle;
  }
  return low;
}

function merge(a: readonly string[], b: readonly string[]): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(a[i]! < b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
