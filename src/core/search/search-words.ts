import { InvalidQueryError } from '../ports/read-model-errors.js';
import { MAX_SEARCH_TEXT, MAX_SEARCH_WORDS } from '../ports/search-queries.js';
import { tokenize } from './fuzzy-terms.js';

/**
 * The words of a search text, in order and repeated as written (a repeated word counts again in
 * the ranking), after refusing text over the limits the search port sets.
 * Words are counted once each, as `tokenize` reads them: "Desk desk DESK" is one word.
 */
export function searchWords(text: string): string[] {
  if (text.length > MAX_SEARCH_TEXT) {
    throw new InvalidQueryError(`the search text has ${text.length} characters; at most ${MAX_SEARCH_TEXT} are allowed`);
  }
  const words = tokenize(text);
  const different = new Set(words).size;
  if (different > MAX_SEARCH_WORDS) {
    throw new InvalidQueryError(`the search text has ${different} different words; at most ${MAX_SEARCH_WORDS} are allowed`);
  }
  return words;
}
