import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { accessLog } from '../../src/api/access-log.js';
import { problemFor, problemHandler } from '../../src/api/problem-details.js';
import { capturedLog } from '../support/captured-log.js';
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

  it('logs a failed request whose URL holds format directives with its error and stack intact, as fields of its access line', async function () {
    const captured = capturedLog();
    const app = express();
    app.use(accessLog(captured.log));
    app.use(() => {
      throw new Error('kaboom: the real cause');
    });
    app.use(problemHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom/%s%d%o%j%c`);
      expect(response.status).to.equal(500);
      await response.text();
    } finally {
      server.close();
    }
    const failed = captured.lines.filter((line) => line.msg === 'request failed');
    expect(failed).to.have.length(1);
    const line = failed[0]!;
    expect(line.level).to.equal(50);
    expect((line.req as { url: string }).url).to.equal('/boom/%s%d%o%j%c');
    const err = line.err as { message: string; stack: string };
    expect(err.message).to.equal('kaboom: the real cause');
    expect(err.stack).to.contain('problem-details.test.ts');
  });
});
