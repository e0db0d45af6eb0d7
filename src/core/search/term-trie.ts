import { fillOsaRow } from './fill-osa-row.js';

/** A unit no word holds: the row it gives is the row of every unit the word does not hold nearby. */
const ANY_OTHER = -1;

/**
 * A fixed set of terms as a trie in typed arrays, built in one pass over the terms sorted by
 * UTF-16 code units (the units the distance counts). The children of a node are consecutive and
 * sorted by unit, so a walk touches only integers and finds a child with a short binary search.
 * About 14 bytes a node, a node for each distinct prefix.
 */
export class TermTrie {
  private constructor(
    /** The terms, sorted; a node that ends a term holds its position here. */
    readonly terms: readonly string[],
    private readonly unit: Uint16Array,
    private readonly firstChild: Int32Array,
    private readonly childCount: Int32Array,
    private readonly termAt: Int32Array,
  ) {}

  static build(sorted: readonly string[]): TermTrie {
    let capacity = 1;
    for (const term of sorted) capacity += term.length;
    const unit = new Uint16Array(capacity);
    const firstChild = new Int32Array(capacity);
    const childCount = new Int32Array(capacity);
    const termAt = new Int32Array(capacity).fill(-1);
    // Node n stands for the terms [low[n], high[n]), which share their first depth[n] units.
    // Nodes are numbered breadth first, so the children of each are made one after the other.
    const low = new Int32Array(capacity);
    const high = new Int32Array(capacity);
    const depth = new Int32Array(capacity);
    high[0] = sorted.length;
    let nodes = 1;
    for (let node = 0; node < nodes; node += 1) {
      const d = depth[node]!;
      const end = high[node]!;
      let i = low[node]!;
      if (i < end && sorted[i]!.length === d) termAt[node] = i++;
      firstChild[node] = nodes;
      while (i < end) {
        const child = nodes++;
        const u = sorted[i]!.charCodeAt(d);
        unit[child] = u;
        low[child] = i;
        depth[child] = d + 1;
        while (i < end && sorted[i]!.charCodeAt(d) === u) i += 1;
        high[child] = i;
      }
      childCount[node] = nodes - firstChild[node]!;
    }
    return new TermTrie(sorted, unit.slice(0, nodes), firstChild.slice(0, nodes), childCount.slice(0, nodes), termAt.slice(0, nodes));
  }

  has(term: string): boolean {
    let node = 0;
    for (let d = 0; d < term.length && node >= 0; d += 1) {
      const first = this.firstChild[node]!;
      node = findUnit(this.unit, first, first + this.childCount[node]!, term.charCodeAt(d));
    }
    return node >= 0 && this.termAt[node]! >= 0;
  }

  /**
   * Calls `onMatch` for every term within `max` edits of `word` that starts with `prefix` and
   * whose start is within `slack` edits of the word's first `split` units (see `fillOsaRow`;
   * a split of 0 sets no such condition). Most units give a node's child the same row, the one
   * of a unit the word does not hold near that depth: when that row is beyond reach, only the
   * children of the few units the word holds there are looked at, the rest never.
   */
  walk(word: string, max: number, onMatch: (term: string, distance: number) => void, { prefix = '', split = 0, slack = max } = {}): void {
    const { unit: units, firstChild, childCount, termAt, terms } = this;
    const width = word.length + 1;
    const deepest = word.length + max;
    const rows = new Int32Array((deepest + 1) * width);
    for (let j = 0; j < width; j += 1) rows[j] = j;
    // Whether a row on the path so far had its cell at the split within the slack.
    const reached = new Uint8Array(deepest + 1);
    reached[0] = split <= slack ? 1 : 0;
    const fill = (d: number, unit: number, before: number) => fillOsaRow(rows, reached, word, d, unit, before, max, split, slack);
    const matchAt = (node: number, d: number) => {
      const term = termAt[node]!;
      if (term >= 0 && Math.abs(d - word.length) <= max && rows[d * width + word.length]! <= max) onMatch(terms[term]!, rows[d * width + word.length]!);
    };
    const visit = (node: number, d: number): void => {
      matchAt(node, d);
      const first = firstChild[node]!;
      const end = first + childCount[node]!;
      if (first === end || d >= deepest) return;
      const before = d > 0 ? units[node]! : ANY_OTHER;
      if (fill(d + 1, ANY_OTHER, before)) {
        for (let child = first; child < end; child += 1) if (fill(d + 1, units[child]!, before)) visit(child, d + 1);
        return;
      }
      // Each unit the word holds near this depth, once: the units that can give another row.
      const from = Math.max(0, d - max - 1);
      for (let j = from; j < Math.min(word.length, d + 1 + max); j += 1) {
        const unit = word.charCodeAt(j);
        if (heldBetween(word, from, j, unit)) continue;
        const child = findUnit(units, first, end, unit);
        if (child >= 0 && fill(d + 1, unit, before)) visit(child, d + 1);
      }
    };
    let node = 0;
    for (let d = 0; d < prefix.length; d += 1) {
      matchAt(node, d);
      if (d >= deepest || !fill(d + 1, prefix.charCodeAt(d), d > 0 ? prefix.charCodeAt(d - 1) : ANY_OTHER)) return;
      node = findUnit(units, firstChild[node]!, firstChild[node]! + childCount[node]!, prefix.charCodeAt(d));
      if (node < 0) return;
    }
    visit(node, prefix.length);
  }
}

/** The child among [low, high) (sorted by unit) with this unit, or -1. */
function findUnit(units: Uint16Array, low: number, high: number, unit: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    const found = units[middle]!;
    if (found === unit) return middle;
    if (found < unit) low = middle + 1;
    else high = middle;
  }
  return -1;
}

function heldBetween(word: string, from: number, to: number, unit: number): boolean {
  for (let j = from; j < to; j += 1) if (word.charCodeAt(j) === unit) return true;
  return false;
}
