import { InvalidCommandError } from '../core/domain-errors.js';

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * An id made part of a stream name, percent-encoded so that no two pairs of ids share a
 * stream. Text with a lone surrogate is not text (UTF-8 cannot carry it) and is refused.
 */
export function streamPart(field: string, id: string): string {
  if (LONE_SURROGATE.test(id)) throw new InvalidCommandError(field, 'must be well-formed Unicode');
  return encodeURIComponent(id);
}
