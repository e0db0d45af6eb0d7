import { errors, type Client, type estypes } from '@elastic/elasticsearch';

/**
 * Creates an index unless it exists (several processes may prepare at once); true when this call
 * created it. An existing index is left as it is, mapping included.
 */
export async function createIndexIfMissing(client: Client, index: string, definition: Pick<estypes.IndicesCreateRequest, 'settings' | 'mappings'>): Promise<boolean> {
  try {
    await client.indices.create({ index, settings: definition.settings, mappings: definition.mappings });
    return true;
  } catch (error) {
    if (error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception') return false;
    throw error;
  }
}
