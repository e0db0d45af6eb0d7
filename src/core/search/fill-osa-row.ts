/**
 * One row of the optimal-string-alignment table of a walk down a trie: row `d` holds the
 * distances from the path's first `d` units (ending in `before`, `unit`) to each prefix of the
 * word. Only cells within `max` of the diagonal can be within reach, so only those are filled
 * (at most 2 * max + 1), and the cells just outside are marked out of reach for the next rows to
 * read. Says whether the path may still lead to a match: some cell is within `max` (later rows
 * only grow), and, unless `reached` shows an earlier row did, some cell left of `split` is within
 * `slack` (the condition `TermIndex` splits words for: the path's start is within `slack` edits
 * of the word's first `split` units). Sets `reached[d]`.
 */
export function fillOsaRow(rows: Int32Array, reached: Uint8Array, word: string, d: number, unit: number, before: number, max: number, split: number, slack: number): boolean {
  const width = word.length + 1;
  const row = d * width;
  const up = row - width;
  const low = Math.max(1, d - max);
  const high = Math.min(word.length, d + max);
  rows[row] = d;
  if (low > 1) rows[row + low - 1] = max + 1;
  if (high < word.length) rows[row + high + 1] = max + 1;
  let best = d;
  let bestLeft = d;
  for (let j = low; j <= high; j += 1) {
    const wordUnit = word.charCodeAt(j - 1);
    let value = rows[up + j - 1]! + (unit === wordUnit ? 0 : 1);
    value = Math.min(value, rows[up + j]! + 1, rows[row + j - 1]! + 1);
    if (j > 1 && d > 1 && before === wordUnit && unit === word.charCodeAt(j - 2)) value = Math.min(value, rows[up - width + j - 2]! + 1);
    rows[row + j] = value;
    if (value < best) best = value;
    if (j <= split && value < bestLeft) bestLeft = value;
  }
  const onPath = reached[d - 1] === 1;
  reached[d] = onPath || (split >= low && split <= high && rows[row + split]! <= slack) ? 1 : 0;
  return best <= max && (onPath || bestLeft <= slack);
}
