import { PersistentSubscriptionNotFoundError } from '../ports/event-store-errors.js';
import type { ProjectionRegistry } from '../ports/projection-registry.js';
import { groupOf, type Generation } from '../projections/generation.js';
import type { RunnerDependencies } from '../runner/projection-runner.js';

/**
 * Removes a generation that no longer serves (retired, failed or cancelled): its subscription
 * group, its documents, its registry entry. Safe to run twice, or from two processes at once.
 */
export async function dropGeneration(deps: RunnerDependencies & { readonly registry: ProjectionRegistry }, generation: Generation): Promise<void> {
  await deleteGroup(deps, generation);
  await deps.readModels.drop(generation);
  await deps.registry.forget(generation.projection.name, generation.generation);
}

/** Deletes the generation's subscription group, if it has one. */
export async function deleteGroup(deps: Pick<RunnerDependencies, 'eventStore'>, generation: Generation): Promise<void> {
  await deps.eventStore.persistentSubscriptions.delete(groupOf(generation)).catch((error: unknown) => {
    if (!(error instanceof PersistentSubscriptionNotFoundError)) throw error;
  });
}
