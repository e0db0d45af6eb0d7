import { InvalidCommandError, RuleViolationError } from '../core/domain-errors.js';

/** Checks shared by the seed's commands. Each names the field it refuses. */

export function requireText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidCommandError(field, 'must be a string');
  const text = value.trim();
  if (text.length === 0) throw new InvalidCommandError(field, 'must not be empty');
  if (text.length > maxLength) throw new InvalidCommandError(field, `must be at most ${maxLength} characters`);
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireEmail(field: string, value: unknown): string {
  const email = requireText(field, value, 320).toLowerCase();
  if (!EMAIL.test(email)) throw new InvalidCommandError(field, 'must be an email address');
  return email;
}

export function requireId(field: string, value: unknown): string {
  return requireText(field, value, 100);
}

export function requireAmount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidCommandError(field, 'must be a number');
  if (value < 0) throw new RuleViolationError(`${field}.non-negative`, `${field} must not be negative`);
  return Math.round(value * 100) / 100;
}

export function requireCount(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidCommandError(field, 'must be an integer');
  if (value < min) throw new RuleViolationError(`${field}.minimum`, `${field} must be at least ${min}`);
  return value;
}

export function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}
