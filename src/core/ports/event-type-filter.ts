/** Selects events by type, as EventStoreDB's server-side `eventTypeFilter` does. */
export type EventTypeFilter =
  | { readonly prefixes: readonly string[] }
  | { readonly regex: string };
