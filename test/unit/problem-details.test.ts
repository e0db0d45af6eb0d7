import { expect } from 'chai';
import { problemFor } from '../../src/api/problem-details.js';
import { NotFoundError, RuleViolationError } from '../../src/core/domain-errors.js';
import { EventTooLargeError, WrongExpectedRevisionError } from '../../src/core/ports/event-store-errors.js';
import { ProjectionNotReadyError } from '../../src/core/ports/read-model-errors.js';

describe('the one map from errors to HTTP', function () {
  it('gives each kind of failure its status', function () {
    expect(problemFor(new WrongExpectedRevisionError('order-1', 3n, 4n))).to.include({ status: 409 });
    expect(problemFor(new EventTooLargeError('s', 'T', 2_000_000, 1_048_576))).to.include({ status: 413 });
    expect(problemFor(new RuleViolationError('x.y', 'no'))).to.include({ status: 422, rule: 'x.y' });
    expect(problemFor(new NotFoundError('order', '1'))).to.include({ status: 404 });
    expect(problemFor(new ProjectionNotReadyError('OrderView'))).to.include({ status: 503 });
    expect(problemFor(new Error('boom'))).to.deep.equal({ status: 500, title: 'Internal Server Error', detail: 'the request failed unexpectedly' });
  });
});
