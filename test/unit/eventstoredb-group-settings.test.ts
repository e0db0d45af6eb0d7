import { expect } from 'chai';
import { DISPATCH_TO_SINGLE, END, PINNED, ROUND_ROBIN, START, UNBOUNDED, type KurrentDBClient, type PersistentSubscriptionToAllInfo } from '@kurrent/kurrentdb-client';
import { EventStoreDbConsumer } from '../../src/adapters/eventstoredb/eventstoredb-consumer.js';
import { groupInfoOf } from '../../src/adapters/eventstoredb/group-info-of.js';
import { parkedStreamOf } from '../../src/adapters/eventstoredb/eventstoredb-persistent-subscriptions.js';
import { groupSettingsOf, settingsOfGroup } from '../../src/adapters/eventstoredb/group-settings-of.js';
import { parkedEventOf } from '../../src/adapters/eventstoredb/parked-event-of.js';
import { groupOf } from '../../src/core/projections/generation.js';
import { DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS, type PersistentSubscriptionSettings } from '../../src/core/ports/persistent-subscriptions.js';
import type { Projection } from '../../src/core/projections/projection.js';

describe('eventstoredb: persistent subscription groups', function () {
  it('names a group per projection generation, <projection>-v<N>', function () {
    expect(groupOf({ projection: { name: 'OrderView' } as Projection, generation: 3 })).to.equal('OrderView-v3');
  });

  it('creates what the runner asks for: from START, DispatchToSingle, its retry count and timeout', function () {
    const settings = groupSettingsOf({ startFrom: 'start', consumerStrategy: 'DispatchToSingle', maxRetryCount: 1_000, messageTimeoutMs: 60_000, liveBufferSize: 1_000 });
    expect(settings).to.deep.include({
      startFrom: START,
      consumerStrategyName: DISPATCH_TO_SINGLE,
      maxRetryCount: 1_000,
      messageTimeout: 60_000,
      liveBufferSize: 1_000,
      resolveLinkTos: false,
    });
  });

  it('starts a rebuilt generation’s group after its checkpoint, and keeps the server’s defaults otherwise', function () {
    expect(groupSettingsOf({ startFrom: { commit: 1_234n, prepare: 1_200n } }).startFrom).to.deep.equal({ commit: 1_234n, prepare: 1_200n });
    const defaults = groupSettingsOf({});
    expect(defaults).to.deep.include({ startFrom: END, consumerStrategyName: ROUND_ROBIN, maxRetryCount: 10, messageTimeout: 30_000, checkPointAfter: 2_000, checkPointLowerBound: 10, checkPointUpperBound: 1_000, maxSubscriberCount: UNBOUNDED });
  });

  it('maps Pinned, and a subscriber limit (0 is unbounded)', function () {
    expect(groupSettingsOf({ consumerStrategy: 'Pinned', maxSubscriberCount: 2 })).to.deep.include({ consumerStrategyName: PINNED, maxSubscriberCount: 2 });
  });

  it('never asks the server to read ahead in batches larger than its buffer, nor as large as its history buffer', function () {
    for (const liveBufferSize of [1, 5, 19, 20, 21, 500, 1_000]) {
      const settings = groupSettingsOf({ liveBufferSize });
      expect(settings.readBatchSize).to.be.at.most(liveBufferSize);
      // The server refuses a group whose readBatchSize is not below its historyBufferSize (ArgumentOutOfRange).
      expect(settings.historyBufferSize, `liveBufferSize ${liveBufferSize}`).to.be.greaterThan(settings.readBatchSize);
      expect(settings.historyBufferSize).to.be.at.least(liveBufferSize);
    }
  });

  it('reads back exactly the settings it wrote', function () {
    const written: PersistentSubscriptionSettings = {
      ...DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS,
      startFrom: { commit: 9n, prepare: 8n },
      consumerStrategy: 'Pinned',
      maxRetryCount: 3,
      messageTimeoutMs: 300,
      checkpointAfterMs: 0,
      checkpointLowerBound: 1,
      checkpointUpperBound: 1,
      maxSubscriberCount: 1,
      liveBufferSize: 50,
    };
    expect(settingsOfGroup(groupSettingsOf(written))).to.deep.equal(written);
    for (const startFrom of ['start', 'end'] as const) expect(settingsOfGroup(groupSettingsOf({ startFrom })).startFrom).to.equal(startFrom);
  });

  it('shows the server’s checkpoint, parked count and connections for the status endpoint', function () {
    const info = {
      eventSource: '$all',
      groupName: 'OrderView-v2',
      status: 'Live',
      settings: groupSettingsOf({ consumerStrategy: 'DispatchToSingle' }),
      stats: {
        lastCheckpointedEventPosition: { commit: 500n, prepare: 500n },
        lastKnownEventPosition: { commit: 900n, prepare: 900n },
        parkedMessageCount: 2n,
        totalInFlightMessages: 3,
      },
      connections: [{ from: '10.0.0.5:51234', connectionName: 'worker-a', inFlightMessages: 3 }],
    } as unknown as PersistentSubscriptionToAllInfo;
    const shown = groupInfoOf(info, { prefixes: ['Order'] });
    expect(shown).to.deep.include({ group: 'OrderView-v2', filter: { prefixes: ['Order'] }, parkedCount: 2, inFlightCount: 3 });
    expect(shown.checkpoint).to.deep.equal({ commit: 500n, prepare: 500n });
    expect(shown.lastKnownPosition).to.deep.equal({ commit: 900n, prepare: 900n });
    expect(shown.settings.consumerStrategy).to.equal('DispatchToSingle');
    expect(shown.consumers.map((c) => [c.consumerId, c.name, c.inFlight])).to.deep.equal([['worker-a', 'worker-a', 3]]);
  });

  it('identifies a connection by the name its consumer subscribed with, as the consumer identifies itself', function () {
    const consumer = new EventStoreDbConsumer({} as KurrentDBClient, 'OrderView-v2', 10, 'host-a:4242');
    const info = {
      groupName: 'OrderView-v2',
      settings: groupSettingsOf({}),
      stats: { parkedMessageCount: 0n, totalInFlightMessages: 0 },
      connections: [{ from: '10.0.0.5:51234', connectionName: 'host-a:4242', inFlightMessages: 0 }],
    } as unknown as PersistentSubscriptionToAllInfo;
    expect(groupInfoOf(info, undefined).consumers.map((c) => c.consumerId)).to.deep.equal([consumer.consumerId]);
  });

  it('lists parked events with the reason the consumer gave when it parked them', function () {
    const event = { streamId: 'order-1', id: 'e1', revision: 0n, type: 'OrderPaid', created: new Date(1_000), data: {}, metadata: {}, position: { commit: 70n, prepare: 70n } };
    const link = { streamId: parkedStreamOf('OrderView-v2'), id: 'l1', revision: 0n, type: '$>', created: new Date(2_000), data: Buffer.from('0@order-1'), metadata: Buffer.from(JSON.stringify({ Added: '2026-01-02T03:04:05Z', Reason: 'handler threw: boom' })) };
    const parked = parkedEventOf(event, link);
    expect(parked.event.id).to.equal('e1');
    expect(parked.reason).to.equal('handler threw: boom');
    expect(parked.parkedAt.toISOString()).to.equal('2026-01-02T03:04:05.000Z');
    expect(parkedStreamOf('OrderView-v2')).to.equal('$persistentsubscription-$all::OrderView-v2-parked');
  });
});
