const ONSETS = ['', '', 'b', 'bl', 'br', 'c', 'ch', 'cl', 'cr', 'd', 'dr', 'f', 'fl', 'fr', 'g', 'gl', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'qu', 'r', 's', 'sc', 'sh', 'sl', 'sp', 'st', 'str', 't', 'th', 'tr', 'v', 'w', 'wh', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'ai', 'ea', 'ee', 'oo', 'ou', 'y', 'ie'];
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'nt', 'st', 'ck', 'ng', 'rd', 'ss', 'x', 'rk', 'sh', 'ld'];
const COMMON = 'the and for with of a in to on by'.split(' ');

type Random = () => number;

export interface SearchProduct {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/**
 * The search benchmark's data, deterministic: distinct English-like terms built from syllables
 * (3 to 13 letters, most 5 to 9, as product text has), products that hold every one of them,
 * queries of vocabulary words with typos (one edit in words of 3 to 5 letters, one or two in
 * longer ones: what `fuzziness: AUTO` forgives), and products of new terms to add later.
 */
export function searchWorkload(termCount: number, seed: number) {
  const random = seeded(seed);
  const vocabulary = terms(termCount, random);
  return {
    vocabulary,
    products: products(vocabulary, random),
    /** `count` queries of `size` different words, each misspelt with probability `typos`. */
    queries: (size: number, count: number, typos: number) => queries(vocabulary, size, count, typos, random),
    /** A product of 12 terms made now, most of them new to the vocabulary. */
    newProduct: (id: string): SearchProduct => ({ ...products(terms(12, seeded(Math.floor(random() * 2 ** 32))), random)[0]!, id }),
  };
}

function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** `count` distinct terms, in the order they were made. */
function terms(count: number, random: Random): string[] {
  const made = new Set<string>();
  while (made.size < count) {
    const syllables = 1 + Math.floor(random() * 3) + (random() < 0.2 ? 1 : 0);
    let term = '';
    for (let s = 0; s < syllables; s += 1) term += pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
    if (term.length >= 3 && term.length <= 13) made.add(term);
  }
  return [...made];
}

/** Products holding every term once, two in the name and ten in the description, with common words between. */
function products(vocabulary: readonly string[], random: Random): SearchProduct[] {
  const made: SearchProduct[] = [];
  for (let at = 0, n = 0; at < vocabulary.length; at += 12, n += 1) {
    const words = vocabulary.slice(at, at + 12);
    const description = words.slice(2).flatMap((word) => (random() < 0.4 ? [pick(random, COMMON), word] : [word]));
    made.push({ id: `p${n}`, name: words.slice(0, 2).join(' '), description: description.join(' ') });
  }
  return made;
}

/** One random edit: a substitution, an insertion, a deletion or a swap of neighbours. */
function typo(word: string, random: Random): string {
  const at = Math.floor(random() * word.length);
  const letter = pick(random, [...'abcdefghijklmnopqrstuvwxyz']);
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at);
    case 2:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word.slice(0, at) + letter;
  }
}

function queries(vocabulary: readonly string[], size: number, count: number, typos: number, random: Random): string[][] {
  return Array.from({ length: count }, () => {
    const words = new Set<string>();
    while (words.size < size) {
      const word = pick(random, vocabulary);
      let written = word;
      if (random() < typos) written = typo(written, random);
      if (random() < typos && word.length > 5) written = typo(written, random);
      words.add(written.length > 0 ? written : word);
    }
    return [...words];
  });
}
