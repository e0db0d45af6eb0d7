// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.
import type { EventTypeFilter } from '../../core/ports/event-store.js';
import type { PersistentSubscriptionSettings } from '../../core/ports/persistent-subscriptions.js';

/** The columns every engine keeps a group's name, settings and filter in. */
export interface GroupColumnsRow {
  readonly name: string;
  readonly settings: string;
  readonly filter: string | null;
}

/** How a group's settings and filter are kept in text columns: JSON, with positions' bigints as `<digits>n`. */
export const groupColumns = {
  settingsText(settings: PersistentSubscriptionSettings): string {
    return JSON.stringify(settings, positionsAsText);
  },

  settingsOf(text: string): PersistentSubscriptionSettings {
    return JSON.parse(text, positionsFromText) as PersistentSubscriptionSettings;
  },

  filterText(filter: EventTypeFilter | undefined): string | null {
    return filter ? JSON.stringify(filter) : null;
  },

  filterOf(text: string | null): EventTypeFilter | undefined {
    return text === null ? undefined : (JSON.parse(text) as EventTypeFilter);
  },
};

function positionsAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

function positionsFromText(_key: string, value: unknown): unknown {
  return typeof value === 'string' && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;
}
