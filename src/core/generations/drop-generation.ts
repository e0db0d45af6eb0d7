import { PersistentSubscriptionNotFoundError } from '../ports/event-store-errors.js';
import type { ProjectionRegistry } from '../ports/projection-registry.js';
import { groupOf, partsOf, type Generation } from '../projections/generation.js';
import type { RunnerDependencies } from '../runner/projection-runner.js';

/**
 * Removes a generation that no longer serves (retired, failed or cancelled): its subscription
 * groups, its documents, its registry entry. Safe to run twice, or from two processes at once.
 * A partitioned generation's parts each have a group, a checkpoint and parked events; dropping
 * a part drops the documents they share, and dropping them again does nothing.
 */
export async function dropGeneration(deps: RunnerDependencies & { readonly registry: ProjectionRegistry }, generation: Generation): Promise<void> {
  await deleteGroup(deps, generation);
  for (const part of partsOf(generation)) await deps.readModels.drop(part);
  await deps.registry.forget(generation.projection.name, generation.generation);
}

/** Deletes the subscription groups of the generation's parts, where they exist. */
export async function deleteGroup(deps: Pick<RunnerDependencies, 'eventStore'>, generation: Generation): Promise<void> {
  for (const part of partsOf(generation)) {
    await deps.eventStore.persistentSubscriptions.delete(groupOf(part)).catch((error: unknown) => {
      if (!(error instanceof PersistentSubscriptionNotFoundError)) throw error;
    });
  }
}
