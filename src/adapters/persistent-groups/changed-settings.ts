// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';
import { validateSettings } from './validate-settings.js';

/** A group's settings after an update, validated; `startFrom` only counts when the group is created, so a change of it is ignored. */
export function changedSettings(group: string, existing: PersistentSubscriptionSettings, settings: Partial<PersistentSubscriptionSettings>): PersistentSubscriptionSettings {
  const { startFrom: _ignored, ...changes } = settings;
  return validateSettings(group, { ...existing, ...changes });
}
