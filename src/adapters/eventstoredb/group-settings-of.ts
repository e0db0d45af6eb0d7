import {
  DISPATCH_TO_SINGLE,
  END,
  PINNED,
  persistentSubscriptionToAllSettingsFromDefaults,
  ROUND_ROBIN,
  START,
  UNBOUNDED,
  type PersistentSubscriptionToAllSettings,
} from '@kurrent/kurrentdb-client';
import {
  DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS,
  type ConsumerStrategy,
  type PersistentSubscriptionSettings,
} from '../../core/ports/persistent-subscriptions.js';
import { positionOf, readPositionOf } from './position-of.js';

const STRATEGIES: Record<ConsumerStrategy, string> = { DispatchToSingle: DISPATCH_TO_SINGLE, RoundRobin: ROUND_ROBIN, Pinned: PINNED };

/**
 * The port's group settings as the server's. Both default as EventStoreDB does (`startFrom`
 * END, RoundRobin): callers that need otherwise say so, as the runner does (START or its
 * checkpoint, DispatchToSingle). Links are never resolved: groups read `$all`, where the events are.
 */
export function groupSettingsOf(settings: Partial<PersistentSubscriptionSettings>): PersistentSubscriptionToAllSettings {
  const s = { ...DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS, ...settings };
  return persistentSubscriptionToAllSettingsFromDefaults({
    startFrom: readPositionOf(s.startFrom),
    consumerStrategyName: STRATEGIES[s.consumerStrategy],
    maxRetryCount: s.maxRetryCount,
    messageTimeout: s.messageTimeoutMs,
    checkPointAfter: s.checkpointAfterMs,
    checkPointLowerBound: s.checkpointLowerBound,
    checkPointUpperBound: s.checkpointUpperBound,
    maxSubscriberCount: s.maxSubscriberCount === 0 ? UNBOUNDED : s.maxSubscriberCount,
    liveBufferSize: s.liveBufferSize,
    // The server reads ahead in batches no larger than its live buffer, and refuses a group whose
    // batch is not smaller than its history buffer (ArgumentOutOfRange); 500 is its default history buffer.
    readBatchSize: Math.min(20, s.liveBufferSize),
    historyBufferSize: Math.max(s.liveBufferSize, Math.min(20, s.liveBufferSize) + 1, 500),
    resolveLinkTos: false,
  });
}

/** The server's settings of a group, as the port names them. */
export function settingsOfGroup(settings: PersistentSubscriptionToAllSettings): PersistentSubscriptionSettings {
  const strategy = (Object.keys(STRATEGIES) as ConsumerStrategy[]).find((name) => STRATEGIES[name] === settings.consumerStrategyName);
  const startFrom = settings.startFrom === START ? 'start' : settings.startFrom === END ? 'end' : (positionOf(settings.startFrom) ?? 'start');
  return {
    startFrom,
    // PinnedByCorrelation and strategies of other tools are shown as the nearest the port knows.
    consumerStrategy: strategy ?? 'Pinned',
    maxRetryCount: Number(settings.maxRetryCount),
    messageTimeoutMs: Number(settings.messageTimeout),
    checkpointAfterMs: Number(settings.checkPointAfter),
    checkpointLowerBound: Number(settings.checkPointLowerBound),
    checkpointUpperBound: Number(settings.checkPointUpperBound),
    maxSubscriberCount: settings.maxSubscriberCount === UNBOUNDED ? 0 : Number(settings.maxSubscriberCount),
    liveBufferSize: Number(settings.liveBufferSize),
  };
}
