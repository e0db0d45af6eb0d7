import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import type { AllStreamSubscription, Position as ClientPosition } from '@kurrent/kurrentdb-client';
import { ClientSource } from '../../src/adapters/eventstoredb/client-source.js';
import type { SourceMessage } from '../../src/adapters/eventstoredb/source-subscription.js';
import { take } from '../support/async.js';
import { failures } from '../support/kurrentdb-failures.js';

/**
 * Stands in for the client's subscription: a Readable of resolved events whose `caughtUp`,
 * `fellBehind` and checkpoint callbacks fire when the response is parsed, ahead of the events
 * still in its buffer, as the client's Transform does.
 */
function fakeClient() {
  const stream = new PassThrough({ objectMode: true }) as PassThrough & { unsubscribe(): Promise<void>; unsubscribed: boolean };
  stream.unsubscribed = false;
  stream.unsubscribe = async () => {
    stream.unsubscribed = true;
  };
  let checkpointReached: (subscription: AllStreamSubscription, position: ClientPosition) => void = () => undefined;
  const source = new ClientSource((reached) => {
    checkpointReached = reached;
    return stream as unknown as AllStreamSubscription;
  });
  const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });
  return {
    source,
    stream,
    event: (n: number, type = 'Tick') =>
      stream.write({ event: { streamId: 's', id: `e${n}`, revision: BigInt(n), type, created: new Date(0), isJson: true, data: {}, metadata: {}, position: at(n) }, commitPosition: BigInt(n) }),
    caughtUp: (n: number) => stream.emit('caughtUp', { position: at(n) }),
    fellBehind: (n: number) => stream.emit('fellBehind', { position: at(n) }),
    checkpoint: (n: number) => checkpointReached(stream as unknown as AllStreamSubscription, at(n)),
  };
}

const shown = (messages: SourceMessage[]) => messages.map((m) => (m.kind === 'event' ? m.event.id : `${m.kind}@${m.position?.commit}`));

describe('eventstoredb: the client subscription as ordered messages', function () {
  it('delivers caughtUp after the events the client still buffered when it heard of it', async function () {
    const client = fakeClient();
    client.event(1);
    client.event(2);
    client.caughtUp(2);
    client.event(3);
    expect(shown(await take(client.source[Symbol.asyncIterator](), 4))).to.deep.equal(['e1', 'e2', 'caughtUp@2', 'e3']);
  });

  it('never lets a checkpoint overtake an event below it', async function () {
    const client = fakeClient();
    const iterator = client.source[Symbol.asyncIterator]();
    client.event(10);
    client.checkpoint(40);
    client.event(50);
    client.checkpoint(90);
    expect(shown(await take(iterator, 4))).to.deep.equal(['e10', 'checkpoint@40', 'e50', 'checkpoint@90']);
  });

  it('delivers a marker that arrives while the consumer waits on an empty buffer', async function () {
    const client = fakeClient();
    const iterator = client.source[Symbol.asyncIterator]();
    const pending = iterator.next();
    setTimeout(() => client.fellBehind(7), 5);
    expect(shown([(await pending).value as SourceMessage])).to.deep.equal(['fellBehind@7']);
  });

  it('drops system events that a regex filter let through', async function () {
    const client = fakeClient();
    client.event(1, '$metadata');
    client.event(2);
    expect(shown(await take(client.source[Symbol.asyncIterator](), 1))).to.deep.equal(['e2']);
  });

  it('throws what the subscription failed with, so the wrapper can resubscribe', async function () {
    const client = fakeClient();
    const iterator = client.source[Symbol.asyncIterator]();
    client.event(1);
    await take(iterator, 1);
    const failure = failures.unavailable();
    client.stream.destroy(failure);
    const error = await iterator.next().then(() => undefined, (e: unknown) => e);
    expect(error).to.equal(failure);
  });

  it('unsubscribes and ends a pending iteration when closed', async function () {
    const client = fakeClient();
    const pending = client.source[Symbol.asyncIterator]().next();
    await client.source.close();
    expect((await pending).done).to.equal(true);
    expect(client.stream.unsubscribed).to.equal(true);
  });
});
