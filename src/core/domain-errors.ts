/**
 * Errors the command side raises for a request that cannot be carried out. They say what
 * failed in domain terms; `src/api` alone decides what HTTP status each one becomes.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refused the command; `rule` names it (e.g. `article.title-min-length`). */
export class RuleViolationError extends DomainError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The entity the command addresses does not exist. */
export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} does not exist`);
  }
}

/** The entity the command would create exists already (its id was given, and used before). */
export class AlreadyExistsError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} exists already`);
  }
}

/** The command is malformed: `field` is missing or of the wrong shape. */
export class InvalidCommandError extends DomainError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}
