import { InvalidCommandError, RuleViolationError } from '../core/domain-errors.js';

/**
 * The domain's own checks on values whose types the request schema already checked: text is
 * trimmed and must keep something; amounts are money, rounded to cents. Each names its field.
 */

export function trimmed(field: string, value: string): string {
  const text = value.trim();
  if (text.length === 0) throw new InvalidCommandError(field, 'must not be empty');
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(field: string, value: string): string {
  const address = trimmed(field, value).toLowerCase();
  if (!EMAIL.test(address)) throw new InvalidCommandError(field, 'must be an email address');
  return address;
}

export function money(field: string, value: number): number {
  if (value < 0) throw new RuleViolationError(`${field}.non-negative`, `${field} must not be negative`);
  return Math.round(value * 100) / 100;
}

export function atLeast(field: string, value: number, min: number): number {
  if (value < min) throw new RuleViolationError(`${field}.minimum`, `${field} must be at least ${min}`);
  return value;
}
