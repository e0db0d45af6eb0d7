import { expect } from 'chai';
import { ResubscribingSubscription, type ResubscribeOptions } from '../../src/adapters/eventstoredb/resubscribing-subscription.js';
import type { SubscriptionMessage } from '../../src/core/ports/all-subscription.js';
import { EventStoreUnavailableError } from '../../src/core/ports/event-store-errors.js';
import { take } from '../support/async.js';
import { failures } from '../support/kurrentdb-failures.js';
import { ScriptedAll } from '../support/scripted-source.js';

/** Backoff waits are recorded and skipped, so the tests see the delays without sleeping them. */
function recordingOptions(): ResubscribeOptions & { readonly delays: number[]; readonly retried: unknown[] } {
  const delays: number[] = [];
  const retried: unknown[] = [];
  return {
    delays,
    retried,
    backoff: { initialMs: 100, maxMs: 1_600, random: () => 0.5 },
    sleep: async (ms) => void delays.push(ms),
    onRetry: (error) => void retried.push(error),
  };
}

const ids = (messages: SubscriptionMessage[]) => messages.flatMap((m) => (m.kind === 'event' ? [m.event.id] : []));
const kinds = (messages: SubscriptionMessage[]) => messages.map((m) => (m.kind === 'event' ? m.event.id : m.kind));

describe('eventstoredb: resubscribing catch-up subscription', function () {
  for (const [name, failure] of Object.entries({
    'UNAVAILABLE mid-stream': failures.unavailable,
    'a NotLeader after a leader change': failures.notLeader,
    '"Server Is Not Ready" after a restart': failures.serverNotReady,
    'a refused connection': failures.refusedOnRead,
  })) {
    it(`delivers every event once, in order, across ${name}`, async function () {
      const all = new ScriptedAll(10).dropping({ after: 3, error: failure() }, { after: 0, error: failure() }, { after: 4, error: failure() });
      const options = recordingOptions();
      const subscription = new ResubscribingSubscription(all.open, 'start', options);
      const messages = await take(subscription[Symbol.asyncIterator](), 11);
      expect(kinds(messages)).to.deep.equal(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'caughtUp']);
      expect(options.retried).to.have.length(3);
      await subscription.close();
    });
  }

  it('resumes each time after the last event it delivered (exclusive)', async function () {
    const all = new ScriptedAll(6).dropping({ after: 2, error: failures.unavailable() }, { after: 2, error: failures.unavailable() });
    const subscription = new ResubscribingSubscription(all.open, { commit: 100n, prepare: 100n }, recordingOptions());
    expect(ids(await take(subscription[Symbol.asyncIterator](), 5))).to.deep.equal(['e2', 'e3', 'e4', 'e5', 'e6']);
    expect(all.opened).to.deep.equal([
      { commit: 100n, prepare: 100n },
      { commit: 300n, prepare: 300n },
      { commit: 500n, prepare: 500n },
    ]);
    await subscription.close();
  });

  it('resumes from the last checkpoint when a filtered stretch came after the last event', async function () {
    const all = new ScriptedAll(4, { checkpointEvery: 2 }).dropping({ after: 3, error: failures.serverNotReady() });
    const subscription = new ResubscribingSubscription(all.open, 'start', recordingOptions());
    const messages = await take(subscription[Symbol.asyncIterator](), 6);
    expect(kinds(messages)).to.deep.equal(['e1', 'e2', 'checkpoint', 'e3', 'e4', 'checkpoint']);
    expect(all.opened[1]).to.deep.equal({ commit: 250n, prepare: 250n });
    await subscription.close();
  });

  it('starts from the head it found when asked for the end, so a drop before the first event loses nothing', async function () {
    const all = new ScriptedAll(3).dropping({ after: 0, error: failures.unavailable() });
    const subscription = new ResubscribingSubscription(all.open, 'end', { ...recordingOptions(), resolveEnd: async () => ({ commit: 200n, prepare: 200n }) });
    expect(ids(await take(subscription[Symbol.asyncIterator](), 1))).to.deep.equal(['e3']);
    expect(all.opened).to.deep.equal([
      { commit: 200n, prepare: 200n },
      { commit: 200n, prepare: 200n },
    ]);
    await subscription.close();
  });

  it('resubscribes when the server ends the stream without an error', async function () {
    const all = new ScriptedAll(3).dropping({ after: 1 });
    const subscription = new ResubscribingSubscription(all.open, 'start', recordingOptions());
    expect(ids(await take(subscription[Symbol.asyncIterator](), 3))).to.deep.equal(['e1', 'e2', 'e3']);
    expect(all.opened).to.have.length(2);
    await subscription.close();
  });

  it('says caughtUp once, though every resubscription catches up again', async function () {
    const all = new ScriptedAll(2).dropping({ after: 3, error: failures.unavailable() });
    const options = recordingOptions();
    const live: boolean[] = [];
    const subscription = new ResubscribingSubscription(all.open, 'start', { ...options, onLiveChange: (isLive) => void live.push(isLive) });
    const iterator = subscription[Symbol.asyncIterator]();
    expect(kinds(await take(iterator, 3))).to.deep.equal(['e1', 'e2', 'caughtUp']);
    all.append(3);
    expect(kinds(await take(iterator, 1))).to.deep.equal(['e3']);
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the second subscription catches up meanwhile
    all.append(4);
    expect(kinds([(await next).value as SubscriptionMessage])).to.deep.equal(['e4']);
    expect(all.opened).to.have.length(2);
    expect(live).to.deep.equal([true, true]);
    await subscription.close();
  });

  it('waits longer after each failure in a row, up to the ceiling, and starts over after a success', async function () {
    const unavailable = { after: 0, error: failures.unavailable() };
    const all = new ScriptedAll(2).dropping(unavailable, unavailable, unavailable, unavailable, unavailable, unavailable, { after: 1, error: failures.unavailable() }, unavailable);
    const options = recordingOptions();
    const subscription = new ResubscribingSubscription(all.open, 'start', options);
    expect(ids(await take(subscription[Symbol.asyncIterator](), 2))).to.deep.equal(['e1', 'e2']);
    // Six refusals in a row, then e1 (a success), then a drop and a refusal: the waits start over.
    expect(options.delays).to.deep.equal([100, 200, 400, 800, 1_600, 1_600, 100, 200]);
    await subscription.close();
  });

  it('ends with EventStoreUnavailableError on a failure that retrying cannot fix, without retrying', async function () {
    const all = new ScriptedAll(3).dropping({ after: 1, error: failures.accessDenied() });
    const options = recordingOptions();
    const subscription = new ResubscribingSubscription(all.open, 'start', options);
    const iterator = subscription[Symbol.asyncIterator]();
    expect(ids(await take(iterator, 1))).to.deep.equal(['e1']);
    const error = await iterator.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(EventStoreUnavailableError);
    expect((error as Error).message).to.match(/access denied/i);
    expect(all.opened).to.have.length(1);
    expect(options.retried).to.deep.equal([]);
  });

  it('ends a pending iteration when closed, also while waiting to resubscribe', async function () {
    const all = new ScriptedAll(0).dropping({ after: 0, error: failures.unavailable() });
    let sleeping: () => void = () => undefined;
    const subscription = new ResubscribingSubscription(all.open, 'start', {
      sleep: (_ms, interrupted) => new Promise<void>((resolve) => {
        sleeping = resolve;
        void interrupted.then(resolve);
      }),
    });
    const pending = subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.close();
    expect((await pending).done).to.equal(true);
    sleeping();
    expect(all.opened).to.have.length(1);
  });

  it('ends a pending iteration when closed while live', async function () {
    const all = new ScriptedAll(1);
    const subscription = new ResubscribingSubscription(all.open, 'start', recordingOptions());
    const iterator = subscription[Symbol.asyncIterator]();
    await take(iterator, 2);
    const pending = iterator.next();
    await subscription.close();
    expect((await pending).done).to.equal(true);
  });
});
