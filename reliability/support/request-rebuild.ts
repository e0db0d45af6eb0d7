import type { ApiClient } from './api-client.js';

/**
 * Asks the API for a blue/green rebuild: the generation being built, or `busy` when that
 * projection is already rebuilding (409). Anything else is a failure of the run.
 */
export async function requestRebuild(api: ApiClient, adminToken: string, projection: string): Promise<number | 'busy'> {
  const response = await api.send('POST', `/api/projections/${projection}/rebuild`, undefined, { authorization: `Bearer ${adminToken}` });
  if (response.status === 409) return 'busy';
  if (response.status !== 202 || typeof response.body?.generation !== 'number') {
    throw new Error(`POST /api/projections/${projection}/rebuild answered ${response.status || response.failure}: ${JSON.stringify(response.body)}`);
  }
  return response.body.generation;
}
