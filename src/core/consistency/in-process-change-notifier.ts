import { STDERR_LOG, type Log } from '../log.js';
import type { ChangeNotifier, ProjectionChange } from '../ports/change-notifier.js';

/** Fans changes out to listeners in this process; a failing listener does not stop the others. */
export class InProcessChangeNotifier implements ChangeNotifier {
  private readonly listeners = new Set<(change: ProjectionChange) => void>();

  constructor(private readonly log: Log = STDERR_LOG) {}

  publish(change: ProjectionChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.log.error({ err: error, projection: change.projection, generation: change.generation }, 'a projection change listener failed');
      }
    }
  }

  subscribe(listener: (change: ProjectionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
