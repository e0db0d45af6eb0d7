import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import { problemFor, problemHandler } from '../../src/api/problem-details.js';
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

  it('keeps the status of any error that carries a 4xx one, and never passes a 5xx one through', function () {
    expect(problemFor(Object.assign(new Error('unsupported charset "LATIN1"'), { status: 415, type: 'charset.unsupported' }))).to.include({ status: 415, title: 'Unsupported Media Type' });
    expect(problemFor(Object.assign(new Error('whatever'), { statusCode: 416 }))).to.include({ status: 416 });
    expect(problemFor(Object.assign(new Error('secret detail'), { status: 502 }))).to.include({ status: 500, detail: 'the request failed unexpectedly' });
  });

  it('logs a failed request whose URL holds format directives with its error and stack intact', async function () {
    const app = express();
    app.use(() => {
      throw new Error('kaboom: the real cause');
    });
    app.use(problemHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(...(args as string[]));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom/%s%d%o%j%c`);
      expect(response.status).to.equal(500);
    } finally {
      console.error = original;
      server.close();
    }
    const line = format(...(logged as [string]));
    expect(line).to.contain('kaboom: the real cause');
    expect(line).to.contain('problem-details.test.ts');
    expect(line).to.contain('/boom/%s%d%o%j%c');
  });
});
