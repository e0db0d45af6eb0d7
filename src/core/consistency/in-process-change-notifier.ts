import type { ChangeNotifier, ProjectionChange } from '../ports/change-notifier.js';

/** Fans changes out to listeners in this process; a failing listener does not stop the others. */
export class InProcessChangeNotifier implements ChangeNotifier {
  private readonly listeners = new Set<(change: ProjectionChange) => void>();

  publish(change: ProjectionChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('A projection change listener failed:', error);
      }
    }
  }

  subscribe(listener: (change: ProjectionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
