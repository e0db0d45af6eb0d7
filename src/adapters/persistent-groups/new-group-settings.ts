// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import { InvalidPersistentSubscriptionSettingsError } from '../../core/ports/event-store-errors.js';
import { DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS, type PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';
import { validateSettings } from './validate-settings.js';

/** The settings a new group is created with: the defaults overlaid by `settings`, validated, with a filter regex that compiles. */
export function newGroupSettings(group: string, settings: Partial<PersistentSubscriptionSettings>, filter: EventTypeFilter | undefined): PersistentSubscriptionSettings {
  const complete = validateSettings(group, { ...DEFAULT_PERSISTENT_SUBSCRIPTION_SETTINGS, ...settings });
  if (filter && 'regex' in filter) checkRegex(group, filter.regex);
  return complete;
}

function checkRegex(group: string, regex: string): void {
  try {
    new RegExp(regex);
  } catch (error) {
    throw new InvalidPersistentSubscriptionSettingsError(group, `filter regex is invalid: ${(error as Error).message}`);
  }
}
