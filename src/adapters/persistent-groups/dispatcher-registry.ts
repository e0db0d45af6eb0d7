// Semantics of the PersistentSubscriptions port shared by the adapters; engine I/O stays in each adapter.

/** What the registry needs of a group's dispatcher. */
export interface Dispatcher {
  /** Closes every local consumer of the group, giving back what they held. */
  closeAll(): Promise<void>;
}

/** The dispatchers of this process, one per group with local consumers; one that falls idle leaves. */
export class DispatcherRegistry<D extends Dispatcher> {
  private readonly dispatchers = new Map<string, D>();

  /** `create` makes a group's dispatcher, which calls `onIdle` once it has no local consumers. */
  constructor(private readonly create: (group: string, onIdle: (idle: D) => void) => D) {}

  get(group: string): D | undefined {
    return this.dispatchers.get(group);
  }

  /** The group's dispatcher, made when it has none. */
  of(group: string): D {
    let dispatcher = this.dispatchers.get(group);
    if (!dispatcher) {
      dispatcher = this.create(group, (idle) => {
        if (this.dispatchers.get(group) === idle) this.dispatchers.delete(group);
      });
      this.dispatchers.set(group, dispatcher);
    }
    return dispatcher;
  }

  /** Leaves every group; what local consumers held goes back to their groups. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((dispatcher) => dispatcher.closeAll()));
  }
}
