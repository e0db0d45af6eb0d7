import { expect } from 'chai';
import fc from 'fast-check';
import { expand } from '../../src/core/search/fuzzy-terms.js';
import { TermIndex } from '../../src/core/search/term-index.js';

/** The expansion as it was before the index: every term measured against the word, as the vocabulary table lists them. */
function linearExpand(word: string, vocabulary: readonly string[]): string[] {
  const max = word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
  if (max === 0) return [word];
  const matches: { term: string; distance: number }[] = [];
  for (const term of vocabulary) {
    const distance = osaDistance(word, term);
    if (distance <= max) matches.push({ term, distance });
  }
  matches.sort((x, y) => x.distance - y.distance || x.term.localeCompare(y.term));
  return [word, ...matches.map((m) => m.term).filter((t) => t !== word)].slice(0, 50);
}

/** Optimal string alignment distance in full, over UTF-16 code units. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The FTS5 vocabulary lists terms in UTF-8 byte order. */
function tableOrder(terms: Iterable<string>): string[] {
  return [...terms].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

// Few letters, so that words have many neighbours; an accented letter, a letter beyond the
// BMP (two UTF-16 units) and a letter above the surrogates, where code unit and byte orders differ.
const letter = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'r', 's', 't', 'é', '𝒜', 'ｆ');
const term = fc.array(letter, { minLength: 1, maxLength: 10 }).map((letters) => letters.join(''));
const vocabulary = fc.uniqueArray(term, { minLength: 0, maxLength: 400 });

/** A vocabulary term with up to three random edits, or a word of its own. */
const wordNear = (terms: readonly string[]) =>
  fc.oneof(
    term,
    fc.tuple(fc.constantFrom(...(terms.length > 0 ? terms : ['abc'])), fc.array(fc.tuple(fc.nat(12), letter, fc.nat(3)), { maxLength: 3 })).map(([base, edits]) =>
      edits.reduce((word, [at, inserted, kind]) => {
        const n = word.length === 0 ? 0 : at % word.length;
        if (kind === 0) return word.slice(0, n) + inserted + word.slice(n);
        if (kind === 1) return word.slice(0, n) + word.slice(n + 1);
        if (kind === 2) return word.slice(0, n) + inserted + word.slice(n + 1);
        return word.slice(0, n) + word.slice(n + 1, n + 2) + word.slice(n, n + 1) + word.slice(n + 2);
      }, base),
    ),
  );

describe('term index', function () {
  it('expands every word to the same terms, in the same order, as the linear scan', function () {
    fc.assert(
      fc.property(
        vocabulary.chain((terms) => fc.tuple(fc.constant(terms), fc.array(wordNear(terms), { minLength: 1, maxLength: 20 }))),
        ([terms, words]) => {
          const index = new TermIndex();
          index.update(terms, []);
          const listed = tableOrder(terms);
          for (const word of words) expect(index.expand(word), word).to.deep.equal(linearExpand(word, listed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips long runs of terms sharing a prefix exactly where the linear scan would find nothing', function () {
    const short = fc.array(fc.constantFrom('a', 'b', 'c', 'é'), { minLength: 1, maxLength: 9 }).map((letters) => letters.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(short, { minLength: 1_000, maxLength: 4_000 }), fc.array(short, { minLength: 1, maxLength: 10 }), (terms, words) => {
        const index = new TermIndex();
        index.update(terms, []);
        const listed = tableOrder(terms);
        for (const word of words) expect(index.expand(word), word).to.deep.equal(linearExpand(word, listed));
      }),
      { numRuns: 15 },
    );
  });

  it('expands as the linear scan still does after terms come and go', function () {
    fc.assert(
      fc.property(vocabulary, vocabulary, vocabulary, fc.array(term, { minLength: 1, maxLength: 20 }), (first, second, removed, words) => {
        // A term's latest row says either that it is there or that it is gone, never both.
        const gone = removed.filter((t) => !second.includes(t));
        const index = new TermIndex();
        index.update(first, []);
        index.update(second, gone);
        const now = new Set([...first, ...second].filter((t) => !gone.includes(t)));
        expect(index.size).to.equal(now.size);
        for (const word of words) expect(index.expand(word), word).to.deep.equal(linearExpand(word, tableOrder(now)));
      }),
      { numRuns: 200 },
    );
  });

  it('expands as the linear scan does through many small changes to a large vocabulary, and after rebuilding', function () {
    const short = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'é'), { minLength: 1, maxLength: 8 }).map((letters) => letters.join(''));
    const change = fc.tuple(fc.array(short, { maxLength: 40 }), fc.array(short, { maxLength: 40 }));
    fc.assert(
      fc.property(fc.uniqueArray(short, { minLength: 1_500, maxLength: 3_000 }), fc.array(change, { minLength: 1, maxLength: 60 }), fc.array(short, { minLength: 1, maxLength: 5 }), (first, changes, words) => {
        const index = new TermIndex();
        index.update(first, []);
        const now = new Set(first);
        for (const [added, removed] of changes) {
          // Removing what was there, some of it built and some recent, and adding some of it back.
          const gone = removed.map((_, n) => [...now][(n * 7919) % now.size]!).filter((t) => !added.includes(t));
          index.update(added, gone);
          for (const t of added) now.add(t);
          for (const t of gone) now.delete(t);
          expect(index.size).to.equal(now.size);
          const listed = tableOrder(now);
          for (const word of words) expect(index.expand(word), word).to.deep.equal(linearExpand(word, listed));
        }
      }),
      { numRuns: 8 },
    );
  });

  it('caps a word with many neighbours at 50 terms, the word itself first', function () {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const terms = [...letters].flatMap((a) => [...letters].map((b) => `abc${a}${b}xy`));
    const index = new TermIndex();
    index.update(terms, []);
    const expansion = index.expand('abcqqxz');
    expect(expansion).to.have.length(50);
    expect(expansion.slice(0, 3)).to.deep.equal(['abcqqxz', 'abcqqxy', 'abcaqxy']);
    expect(expansion).to.deep.equal(linearExpand('abcqqxz', tableOrder(terms)));
  });

  it('finds what the library’s own linear expand finds on words and terms of up to 300 characters', function () {
    const terms = ['keyboard', 'keyboards', 'keybaord', 'board', 'lamp', 'lamps', 'x'.repeat(199), `${'x'.repeat(198)}y`, `${'x'.repeat(300)}`, `y${'x'.repeat(299)}`];
    const index = new TermIndex();
    index.update(terms, []);
    for (const word of ['keybord', 'kyeboard', 'lmap', 'lam', 'la', 'x'.repeat(200), 'x'.repeat(197), 'x'.repeat(299), `yy${'x'.repeat(298)}`]) {
      expect(index.expand(word), word).to.deep.equal(expand(word, tableOrder(terms)));
    }
  });
});
