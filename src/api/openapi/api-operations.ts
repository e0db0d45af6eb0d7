import type { CommandRoute } from '../commands/command-table.js';
import type { ApiOperation } from './api-operation.js';
import { commandOperations } from './command-operations.js';
import { DASHBOARD_OPERATIONS } from './dashboard-operations.js';
import { projectionOperations } from './projection-operations.js';
import { READ_OPERATIONS } from './read-operations.js';
import { SERVICE_OPERATIONS } from './service-operations.js';
import { STREAM_OPERATIONS } from './stream-operations.js';

/** Every route createApp mounts, as the OpenAPI document tells it: `commands` is the command table it mounts, `projections` the names of its projections. */
export function apiOperations(commands: readonly CommandRoute[], projections: readonly string[]): ApiOperation[] {
  return [...commandOperations(commands), ...READ_OPERATIONS, ...STREAM_OPERATIONS, ...projectionOperations(projections), ...SERVICE_OPERATIONS, ...DASHBOARD_OPERATIONS];
}
