import { expect } from 'chai';
import { CatchUpGate } from '../../src/core/runner/catch-up-gate.js';

/** A batch the test finishes by hand: it records when it starts, and may leave the gate first. */
function heldBatch(log: string[], name: string) {
  let finish!: () => void;
  let leave!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const run = async (leaveGate: () => void) => {
    log.push(`${name} in`);
    leave = leaveGate;
    await done;
    return name;
  };
  return { run, leave: () => leave(), finish: () => finish() };
}

const turns = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('catch-up gate', function () {
  it('lets the next batch in only when the one before leaves', async function () {
    const gate = new CatchUpGate();
    const log: string[] = [];
    const first = heldBatch(log, 'first');
    const second = heldBatch(log, 'second');
    const results = [gate.run(first.run), gate.run(second.run)];
    await turns();
    expect(log).to.deep.equal(['first in']);

    first.leave();
    await turns();
    expect(log, 'the second batch handles while the first commits').to.deep.equal(['first in', 'second in']);
    first.finish();
    second.finish();
    expect(await Promise.all(results)).to.deep.equal(['first', 'second']);
  });

  it('lets the next batch in when the one before settles without leaving, even by failing', async function () {
    const gate = new CatchUpGate();
    const log: string[] = [];
    const failing = gate.run(async () => {
      log.push('failing in');
      throw new Error('commit failed');
    });
    const next = heldBatch(log, 'next');
    const result = gate.run(next.run);
    const error = await failing.then(() => undefined, (reason: unknown) => reason as Error);
    expect(error?.message).to.equal('commit failed');
    await turns();
    expect(log).to.deep.equal(['failing in', 'next in']);
    next.finish();
    expect(await result).to.equal('next');
  });
});
